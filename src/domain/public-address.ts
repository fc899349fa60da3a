/**
 * Which addresses a webhook may reach: public unicast only. Loopback, private (RFC 1918, unique
 * local), link-local (where cloud metadata services live: 169.254.169.254, fd00:ec2::254),
 * carrier-grade NAT, multicast, reserved and the IPv6 forms that embed an IPv4 address (mapped,
 * 6to4, NAT64, Teredo) are all refused: a municipality's case system is on the internet.
 */
import ipaddr from 'ipaddr.js';

/** True for a public unicast IPv4 or IPv6 address; false for anything else, unparsable included. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped address is judged as itself.
  return ipaddr.process(bare).range() === 'unicast';
}

/** The host part of a URL as an IP literal, or undefined when it is a name. */
export function ipLiteralOf(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? bare : undefined;
}
