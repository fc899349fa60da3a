// Command go-jsonschema compiles every published schema of the standard with an independent
// JSON Schema implementation (santhosh-tekuri/jsonschema v6, Go) and prints its verdict on each
// document given, as JSON lines, for test/validation/interop.test.ts to compare with ajv's.
//
// Schemas of version 1.1 and later are compiled with the library's default regular-expression
// engine (Go's RE2): their patterns must stay within JSON Schema's interoperable subset. The
// released 1.0 schemas use `\u` escapes that RE2 rejects; they are compiled with an
// ECMAScript-compatible engine (regexp2) as released, and the program reports that RE2 refuses them.
//
//	go run . SCHEMAS_DIR DOCUMENT.json...
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dlclark/regexp2/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

type ecmaRegexp regexp2.Regexp

func (re *ecmaRegexp) MatchString(s string) bool {
	ok, err := (*regexp2.Regexp)(re).MatchString(s)
	return err == nil && ok
}

func (re *ecmaRegexp) String() string { return (*regexp2.Regexp)(re).String() }

func ecmaEngine(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript|regexp2.Unicode)
	if err != nil {
		return nil, err
	}
	return (*ecmaRegexp)(re), nil
}

type schemaFile struct{ name, version, path, id string }

type line struct {
	Kind     string   `json:"kind"`
	Schema   string   `json:"schema,omitempty"`
	Engine   string   `json:"engine,omitempty"`
	Error    string   `json:"error,omitempty"`
	File     string   `json:"file,omitempty"`
	Valid    *bool    `json:"valid,omitempty"`
	Pointers []string `json:"pointers,omitempty"`
}

func emit(l line) {
	b, _ := json.Marshal(l)
	fmt.Println(string(b))
}

func readSchemas(dir string) ([]schemaFile, error) {
	var out []schemaFile
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if !n.IsDir() {
			continue
		}
		versions, _ := os.ReadDir(filepath.Join(dir, n.Name()))
		for _, v := range versions {
			p := filepath.Join(dir, n.Name(), v.Name(), n.Name()+".schema.json")
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			var head struct {
				ID string `json:"$id"`
			}
			if err := json.Unmarshal(b, &head); err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			out = append(out, schemaFile{n.Name(), v.Name(), p, head.ID})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// compiler loads every schema file under its $id, with the given engine (nil: RE2).
func compiler(files []schemaFile, ecma bool) (*jsonschema.Compiler, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if ecma {
		c.UseRegexpEngine(ecmaEngine)
	}
	for _, f := range files {
		fh, err := os.Open(f.path)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(fh)
		fh.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		if err := c.AddResource(f.id, doc); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func pointers(err error) []string {
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, "/"+strings.Join(e.InstanceLocation, "/"))
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	if ve, ok := err.(*jsonschema.ValidationError); ok {
		walk(ve)
	}
	return out
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run . SCHEMAS_DIR DOCUMENT.json...")
		os.Exit(2)
	}
	files, err := readSchemas(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	re2, err := compiler(files, false)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ecma, err := compiler(files, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// Each schema with the engine its version must compile with; RE2 is tried on every one.
	compiled := map[string]*jsonschema.Schema{}
	for _, f := range files {
		key := f.name + "/" + f.version
		s, err := re2.Compile(f.id)
		if err != nil {
			emit(line{Kind: "compile", Schema: key, Engine: "re2", Error: err.Error()})
		} else {
			emit(line{Kind: "compile", Schema: key, Engine: "re2"})
			compiled[key] = s
		}
		if f.version == "1.0" {
			s, err := ecma.Compile(f.id)
			if err != nil {
				emit(line{Kind: "compile", Schema: key, Engine: "ecmascript", Error: err.Error()})
				continue
			}
			emit(line{Kind: "compile", Schema: key, Engine: "ecmascript"})
			compiled[key] = s
		}
	}
	for _, p := range os.Args[2:] {
		fh, err := os.Open(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		doc, err := jsonschema.UnmarshalJSON(fh)
		fh.Close()
		if err != nil {
			emit(line{Kind: "document", File: p, Error: "not JSON: " + err.Error()})
			continue
		}
		m, _ := doc.(map[string]any)
		key := fmt.Sprintf("%v/%v", m["documentType"], m["schemaVersion"])
		s := compiled[key]
		if s == nil {
			emit(line{Kind: "document", File: p, Schema: key, Error: "no such schema"})
			continue
		}
		verr := s.Validate(doc)
		valid := verr == nil
		emit(line{Kind: "document", File: p, Schema: key, Valid: &valid, Pointers: pointers(verr)})
	}
}
