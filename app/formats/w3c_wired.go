package formats

import "framecheck/app/w3c"

// The W3C Web Annotation format lives in app/w3c.
var (
	w3cEncode = w3c.Encode
	w3cDecode = w3c.Decode
	w3cTick   = w3c.DecodeTick
)
