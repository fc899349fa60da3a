// @rjsf/core's test helper (getTestRegistry, never used here) imports the ajv validator, which
// compiles schemas to code and cannot run under the page's CSP; the build points it here instead.
export default undefined;
export const customizeValidator = undefined;
