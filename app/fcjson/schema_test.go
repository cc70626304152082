package fcjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"framecheck/app/internal/fixture"
	"framecheck/app/internal/jsonwalk"
	"framecheck/app/workspace"
)

var schemaFile = filepath.Join("..", "..", "web", "schema", "framecheck-v1.schema.json")

// No JSON Schema validator is a dependency of the project, so this is a
// small one: it knows the keywords the framecheck schema uses ($ref to
// $defs, type, const, enum, required, properties, items, minimum,
// minLength, maxLength, pattern, uniqueItems and the uuid and date-time
// formats) and fails on any other, so that the schema cannot grow a rule
// the tests silently skip. In strict mode it also reports properties the
// schema does not declare, which catches Encode writing a field the schema
// forgot. It is not a general validator.
type schemaChecker struct {
	root   map[string]any
	strict bool
	errs   []string
}

var knownKeywords = map[string]bool{
	"$schema": true, "$id": true, "$ref": true, "$defs": true, "title": true, "description": true,
	"type": true, "const": true, "enum": true, "required": true, "properties": true, "items": true,
	"minimum": true, "minLength": true, "maxLength": true, "pattern": true, "uniqueItems": true, "format": true,
}

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var s map[string]any
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	return s
}

func (c *schemaChecker) fail(path, format string, args ...any) {
	if path == "" {
		path = "(root)"
	}
	c.errs = append(c.errs, path+": "+fmt.Sprintf(format, args...))
}

func (c *schemaChecker) resolve(s map[string]any) map[string]any {
	ref, ok := s["$ref"].(string)
	if !ok {
		return s
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		c.fail("", "unsupported $ref %q", ref)
		return map[string]any{}
	}
	def, ok := c.root["$defs"].(map[string]any)[name].(map[string]any)
	if !ok {
		c.fail("", "$ref %q names no definition", ref)
		return map[string]any{}
	}
	return def
}

var (
	uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

func (c *schemaChecker) check(path string, s map[string]any, v any) {
	for k := range s {
		if !knownKeywords[k] {
			c.fail(path, "schema keyword %q is not understood by this test", k)
		}
	}
	if _, ok := s["$ref"]; ok {
		c.check(path, c.resolve(s), v)
		// The other keywords beside $ref (only annotations, here) apply too.
		rest := maps.Clone(s)
		delete(rest, "$ref")
		s = rest
	}
	if typ, ok := s["type"].(string); ok && !hasType(v, typ) {
		c.fail(path, "%v is not of type %s", v, typ)
		return
	}
	if want, ok := s["const"]; ok && !jsonEqual(want, v) {
		c.fail(path, "%v is not the constant %v", v, want)
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return jsonEqual(e, v) }) {
		c.fail(path, "%v is not one of %v", v, enum)
	}
	switch v := v.(type) {
	case map[string]any:
		props, hasProps := s["properties"].(map[string]any)
		if req, ok := s["required"].([]any); ok {
			for _, name := range req {
				if _, ok := v[name.(string)]; !ok {
					c.fail(path, "required property %q is missing", name)
				}
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub, ok := props[k].(map[string]any)
			if !ok {
				if c.strict && hasProps {
					c.fail(path, "property %q is not declared in the schema", k)
				}
				continue
			}
			c.check(join(path, k), sub, v[k])
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range v {
				c.check(fmt.Sprintf("%s[%d]", path, i), items, e)
			}
		}
		if u, _ := s["uniqueItems"].(bool); u {
			for i := range v {
				for j := range i {
					if jsonEqual(v[i], v[j]) {
						c.fail(path, "items %d and %d are equal", j, i)
					}
				}
			}
		}
	case string:
		n := utf8.RuneCountInString(v) // JSON Schema counts code points
		if m, ok := s["minLength"].(json.Number); ok && int64(n) < must(m.Int64()) {
			c.fail(path, "%d code points is shorter than %v", n, m)
		}
		if m, ok := s["maxLength"].(json.Number); ok && int64(n) > must(m.Int64()) {
			c.fail(path, "%d code points is longer than %v", n, m)
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			c.fail(path, "%q does not match %s", jsonwalk.Clip(v), p)
		}
		switch f, _ := s["format"].(string); f {
		case "":
		case "uuid":
			if !uuidRE.MatchString(v) {
				c.fail(path, "%q is not a uuid", v)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				c.fail(path, "%q is not a date-time", v)
			}
		default:
			c.fail(path, "format %q is not understood by this test", f)
		}
	case json.Number:
		if m, ok := s["minimum"].(json.Number); ok && must(v.Float64()) < must(m.Float64()) {
			c.fail(path, "%v is less than %v", v, m)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func hasType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		return err == nil && f == math.Trunc(f)
	}
	return false
}

func jsonEqual(a, b any) bool {
	if x, ok := a.(json.Number); ok {
		y, ok := b.(json.Number)
		return ok && must(x.Float64()) == must(y.Float64())
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// validate checks data against the schema and returns the violations.
func validate(t *testing.T, schema map[string]any, data []byte, strict bool) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	c := &schemaChecker{root: schema, strict: strict}
	c.check("", schema, v)
	return c.errs
}

func TestSchemaItself(t *testing.T) {
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Fatal("the schema is not valid JSON")
	}
	s := loadSchema(t)
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", s["$schema"])
	}
	if s["$id"] != "/web/schema/framecheck-v1.schema.json" {
		t.Errorf("$id = %v", s["$id"])
	}
	// Decode ignores unknown properties, so the schema must not forbid them.
	if bytes.Contains(data, []byte("additionalProperties")) || bytes.Contains(data, []byte("unevaluatedProperties")) {
		t.Error("the schema restricts additional properties, which Decode ignores")
	}
	// Every "required" names a declared property.
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if req, ok := v["required"].([]any); ok {
				props, _ := v["properties"].(map[string]any)
				for _, r := range req {
					if _, ok := props[r.(string)]; !ok {
						t.Errorf("%s: required %q is not declared", path, r)
					}
				}
			}
			for k, sub := range v {
				walk(path+"/"+k, sub)
			}
		case []any:
			for i, sub := range v {
				walk(fmt.Sprintf("%s/%d", path, i), sub)
			}
		}
	}
	walk("#", s)
	// The schema's enum of tags is the model's.
	tags := s["$defs"].(map[string]any)["annotation"].(map[string]any)["properties"].(map[string]any)["tag"].(map[string]any)["enum"].([]any)
	var model []any
	for _, tag := range workspace.Tags {
		model = append(model, string(tag))
	}
	if !slices.Equal(tags, model) {
		t.Errorf("schema tags %v, model tags %v", tags, model)
	}
}

// Every export satisfies the schema, uses only properties it declares and
// has every property it requires.
func TestSchemaAcceptsExports(t *testing.T) {
	schema := loadSchema(t)
	goldenData, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	sample, err := workspace.Sample(fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	sampleData, err := Encode(sample, fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	bigData, err := Encode(big(t, 3000, 300), fixture.T0)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"golden file": goldenData, "Sample": sampleData, "big": bigData} {
		if errs := validate(t, schema, data, true); len(errs) > 0 {
			t.Errorf("%s does not satisfy the schema:\n%s", name, strings.Join(errs, "\n"))
		}
	}
}

// Breakages the schema can express are refused by both the schema and
// Decode, so the two describe the same format.
func TestSchemaRefusesWhatDecodeRefuses(t *testing.T) {
	schema := loadSchema(t)
	cases := map[string]func(m map[string]any){
		"format":             func(m map[string]any) { m["format"] = "other" },
		"version":            func(m map[string]any) { m["version"] = 2 },
		"offsetUnit":         func(m map[string]any) { m["offsetUnit"] = "utf16" },
		"exportedAt":         func(m map[string]any) { m["exportedAt"] = "2026-07-05" },
		"workspace id":       func(m map[string]any) { obj(m, "workspace")["id"] = "x" },
		"workspace title":    func(m map[string]any) { obj(m, "workspace")["title"] = " " },
		"readout text":       func(m map[string]any) { setText(ro(m, 0), "") },
		"readout CR":         func(m map[string]any) { setText(ro(m, 2), "a\rb") },
		"hash case":          func(m map[string]any) { ro(m, 0)["textSha256"] = strings.ToUpper(sha(fixture.GoldenTextK)) },
		"source type":        func(m map[string]any) { ro(m, 0)["source"] = nil },
		"tag":                func(m map[string]any) { an(m, 0)["tag"] = "opinion" },
		"start negative":     func(m map[string]any) { an(m, 0)["start"] = -1 },
		"start fraction":     func(m map[string]any) { an(m, 0)["start"] = json.Number("1.5") },
		"prefix too long":    func(m map[string]any) { an(m, 0)["prefix"] = strings.Repeat("x", 33) },
		"omittedBy twice":    func(m map[string]any) { an(m, 5)["omittedBy"] = []any{fixture.EN, fixture.EN} },
		"omittedBy non-id":   func(m map[string]any) { an(m, 5)["omittedBy"] = []any{"kremlin"} },
		"annotation time":    func(m map[string]any) { an(m, 0)["createdAt"] = "today" },
		"annotations type":   func(m map[string]any) { m["annotations"] = map[string]any{} },
		"readout not object": func(m map[string]any) { m["readouts"].([]any)[0] = "x" },
	}
	for name, mut := range cases {
		m := goldenMap(t)
		mut(m)
		data := marshal(t, m)
		if errs := validate(t, schema, data, false); len(errs) == 0 {
			t.Errorf("%s: the schema accepts it", name)
		}
		if _, err := Decode(data); err == nil {
			t.Errorf("%s: Decode accepts it", name)
		}
	}
}

// The schema's required lists are exactly the fields Decode insists on,
// and unknown properties are fine for both.
func TestSchemaRequiredMatchesDecode(t *testing.T) {
	schema := loadSchema(t)
	defs := schema["$defs"].(map[string]any)
	objects := []struct {
		path   string
		schema map[string]any
		get    func(m map[string]any) map[string]any
	}{
		{"", schema, func(m map[string]any) map[string]any { return m }},
		{"workspace", schema["properties"].(map[string]any)["workspace"].(map[string]any), func(m map[string]any) map[string]any { return obj(m, "workspace") }},
		{"readouts[0]", defs["readout"].(map[string]any), func(m map[string]any) map[string]any { return ro(m, 0) }},
		{"annotations[5]", defs["annotation"].(map[string]any), func(m map[string]any) map[string]any {
			a := an(m, 5)
			a["author"] = "someone" // so that every property is there to remove
			return a
		}},
	}
	for _, o := range objects {
		required := map[string]bool{}
		for _, r := range o.schema["required"].([]any) {
			required[r.(string)] = true
		}
		for prop := range o.schema["properties"].(map[string]any) {
			m := goldenMap(t)
			delete(o.get(m), prop)
			data := marshal(t, m)
			schemaErrs := validate(t, schema, data, false)
			_, err := Decode(data)
			where := join(o.path, prop)
			if required[prop] {
				if len(schemaErrs) == 0 {
					t.Errorf("%s: required, yet the schema accepts a file without it", where)
				}
				if err == nil || !strings.Contains(err.Error(), where+": missing") {
					t.Errorf("%s: required by the schema; Decode without it says %v", where, err)
				}
			} else {
				if len(schemaErrs) > 0 {
					t.Errorf("%s: optional, yet the schema refuses a file without it: %v", where, schemaErrs)
				}
				if err != nil {
					t.Errorf("%s: optional in the schema, yet Decode refuses a file without it: %v", where, err)
				}
			}
		}
		m := goldenMap(t)
		o.get(m)["x-unknown"] = map[string]any{"nested": []any{"}"}}
		data := marshal(t, m)
		if errs := validate(t, schema, data, false); len(errs) > 0 {
			t.Errorf("%s: the schema refuses an unknown property: %v", o.path, errs)
		}
		if errs := validate(t, schema, data, true); len(errs) != 1 {
			t.Errorf("%s: the strict check should report the undeclared property once: %v", o.path, errs)
		}
		if _, err := Decode(data); err != nil {
			t.Errorf("%s: Decode refuses an unknown property: %v", o.path, err)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
