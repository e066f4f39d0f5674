#!/usr/bin/env python3
"""Writes the committed seed corpora (fuzz/corpus/<target>/) and dictionaries (fuzz/dicts/).

Each seed is a header byte, then the payload (see fuzz/src/lib.rs: header 0x00 feeds the payload
in one piece in raw mode; 0x20 sets flag bit 0, the generated mode of most targets). Run from
anywhere: python3 fuzz/make_seeds.py. Deterministic, so reruns change nothing.
"""
import base64, hashlib, json, os, pathlib, random, struct

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "images"
RAW, GEN = b"\x00", b"\x20"

def write(target, seeds):
    out = HERE / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        name = hashlib.sha1(seed).hexdigest()
        (out / name).write_bytes(seed)

rng = random.Random(20261201)
def noise(n): return bytes(rng.randrange(256) for _ in range(n))
fixtures = sorted(p for p in FIXTURES.iterdir() if p.suffix != ".py")
small = [p.read_bytes() for p in fixtures if p.stat().st_size <= 1024]
png = (FIXTURES / "rgba.png").read_bytes()
b64 = lambda b: base64.b64encode(b).decode()

# The response decoder.
bodies = [
    {"created": 1700000000, "data": [{"b64_json": b64(png), "revised_prompt": "a \"boat\""}],
     "usage": {"input_tokens": 5, "output_tokens": 10}, "size": "1024x1024", "quality": "high",
     "output_format": "png", "background": "opaque"},
    {"created": 1, "data": [{"url": "https://x/y.png"}], "meta": {"b64_json": "not-an-image"}},
    {"created": 1, "data": [{"b64_json": b64(small[0])}, {"b64_json": b64(b"\xff" * 30)}]},
    {"error": {"message": "nope", "code": "x"}},
    {"created": 1, "data": []},
]
response = [RAW + json.dumps(b).encode() for b in bodies]
response.append(RAW + json.dumps(bodies[0], indent=2).replace("/", "\\/").encode())
response.append(RAW + b'{"created":1,"data":[{"b64_json":"aGk*"}]}')
response.append(b"\x03\x05\x00\x20\x00\x40\x00" + json.dumps(bodies[2]).encode())
response += [GEN + noise(n) for n in (16, 64, 300, 900)]
write("response_decoder", response)

# The SSE decoder.
partial = {"type": "image_generation.partial_image", "b64_json": b64(png), "partial_image_index": 0, "size": "1024x1024"}
done = {"type": "image_generation.completed", "b64_json": b64(small[1]), "usage": {"output_tokens": 42}}
def stream(nl):
    return nl.join([": keep-alive", "event: image_generation.partial_image", "data: " + json.dumps(partial), "",
                    "event: image_generation.completed", "data:" + json.dumps(done), "", ""]).encode()
sse = [RAW + stream(nl) for nl in ("\n", "\r\n", "\r")]
sse.append(RAW + b'event: error\ndata: {"error":{"message":"blocked","code":"moderation_blocked"}}\n\n')
sse.append(RAW + b'data: {"type":"image_generation.other",\ndata: "x":1}\n\ndata: [DONE]\n\n')
sse.append(b"\x02\x10\x00\x90\x01" + stream("\n"))
sse += [GEN + noise(n) for n in (16, 100, 400)]
write("sse_decoder", sse)

# Base64.
write("base64_stream", [RAW + t for t in (b"aGk=", b"aGk", b"aGk=aGk=", b"aGkhY", b"", b64(png).encode())]
      + [b"\x02\x01\x00\x03\x00" + b64(noise(40)).encode(), GEN + noise(50), b"\x40" + noise(50)])

# The probe: every fixture, plus SVG text.
svgs = [
    b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- c -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" width="37" height="19"></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,300,150"><circle r="4"/></svg>',
    b"<svg width='3em' height='100' viewBox='-5 -5 300 200'></svg>",
    b'\xef\xbb\xbf<?xml version="1.0"?>\r\n<svg width="8" height="9"/>',
    b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="10" height="11"><svg:rect/></svg:svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" width="64"></svg>',
]
write("image_probe", [RAW + p.read_bytes() for p in fixtures] + [RAW + s for s in svgs]
      + [b"\x01\x40\x00" + png, b"\x10" + (FIXTURES / "image.gif").read_bytes()])

# API errors: two status bytes, then the body.
status = lambda s: struct.pack("<H", s)
errors = [
    (400, b'{"error":{"message":"Generated image was rejected.","type":"image_generation_user_error","param":null,"code":"moderation_blocked","moderation_details":{"moderation_stage":"output","categories":["violence"]}}}'),
    (400, b'{"error":{"message":"filtered","type":null,"param":"prompt","code":"content_filter","innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"sexual":{"filtered":true}}}}}'),
    (429, b'{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}'),
    (404, b'{"error": {"code": 404, "message": "Resource not found"}}'),
    (403, b'{"error":{"code":"Forbidden","message":"Your resource has been temporarily blocked because of content policy"}}'),
    (502, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
    (500, b'"Internal Server Error"'),
    (503, b""),
    (422, b'{"detail":"prompt: field required"}'),
]
write("api_error", [b"\x40" + status(s) + b for s, b in errors] + [GEN + status(400) + noise(200)])

# Params: provider, endpoint, today, then the JSON.
params = [
    {"model": "gpt-image-1.5", "prompt": "a cat", "size": "1024x1024", "quality": "high", "n": 2},
    {"model": "dall-e-3", "prompt": "x", "style": "vivid", "response_format": "url", "size": "1792x1024"},
    {"model": "gpt-image-2", "prompt": "p", "output_format": "gif", "frame_count": 4, "frame_duration_ms": 100},
    {"model": "gpt-image-2.5-flare", "prompt": "p", "svg": {"reasoning": {"effort": "low"}}, "output_format": "svg"},
    {"model": "qwen-image", "prompt": "", "stream": True, "partial_images": 3, "background": "transparent"},
    {"model": "my-image-model", "prompt": "p", "n": 2.0, "user": "u"},
]
validate = [RAW + bytes([i % 4, i % 3, i]) + json.dumps(p).encode() for i, p in enumerate(params)]
write("validate_params", validate + [GEN + noise(n) for n in (20, 80, 200)])

# Edits: everything comes from arbitrary bytes.
write("edit_multipart", [RAW + noise(n) for n in (8, 40, 120, 400, 1000)] + [RAW + png])

# Model rows.
rows = [
    {"id": "proxy-image", "like": "gpt-image-2", "sizes": ["1024x1024"], "endpoints": ["generations"],
     "pricing": {"imageOutput": 12.5}, "outputFormats": ["png", "svg"]},
    {"id": "gpt-image-1", "shutdown": {"openai": "2027-01-31"}, "replacement": "gpt-image-2"},
    {"id": "x", "like": "dall-e-2", "maxN": 3, "maxPromptChars": None, "markup": True, "streaming": False,
     "source": {"url": "https://example.com", "checked": "2026-12-01"}, "sizes": "provider_defined"},
    {"like": "nope"},
]
write("model_definition", [RAW + bytes([i, i, i]) + json.dumps(r).encode() for i, r in enumerate(rows)]
      + [GEN + bytes([1, 2, 3]) + noise(n) for n in (30, 150)])

lists = [
    {"object": "list", "data": [{"id": "gpt-image-1", "object": "model"}, {"id": "dall-e-3"}, {"id": "gpt-4o"},
                                {"id": "my-image-x", "shutdown_date": "2027-01-01"}, 5, {"id": 3}]},
    {"data": []},
]
write("model_list", [RAW + b"\x00\x03" + json.dumps(l).encode() for l in lists])

# Dictionaries.
dicts = HERE / "dicts"
dicts.mkdir(exist_ok=True)
def dict_file(name, words):
    lines = []
    for w in words:
        esc = "".join(c if 0x20 <= ord(c) < 0x7f and c not in '"\\' else "\\x%02x" % ord(c) for c in w)
        lines.append('"%s"' % esc)
    (dicts / name).write_text("\n".join(lines) + "\n")
json_words = ['{"', '":', '":"', '",', '"}', '"]', '[{', '}]', '\\/', '\\n', '\\u0041', 'null', 'true', '1e9']
dict_file("response.dict", json_words + ["data", "b64_json", "url", "revised_prompt", "created", "usage", "error",
                                          "size", "quality", "output_format", "background", "iVBORw0KGgo", "/9j/", "R0lGODlh", "UklGR"])
dict_file("sse.dict", json_words + ["data:", "data: ", "event:", "event: error", "id:", "retry:", ":", "\r\n",
                                     "type", "b64_json", "image_generation.partial_image", "image_generation.completed",
                                     "partial_image_index", "[DONE]", "iVBORw0KGgo"])
dict_file("probe.dict", ["\x89PNG\r\n\x1a\n", "IHDR", "IDAT", "IEND", "tRNS", "caBX", "PLTE", "\xff\xd8\xff", "\xff\xc0",
                         "\xff\xc2", "\xff\xeb", "\xff\xda", "JP", "jumb", "jumd", "c2pa", "RIFF", "WEBP", "VP8X", "VP8 ", "VP8L",
                         "ALPH", "C2PA", "\x9d\x01\x2a", "GIF89a", "GIF87a", "\x21\xf9\x04", "\x2c", "\x3b", "BM", "ftyp",
                         "<svg", "<svg ", "svg:svg", "width=\"", "height=\"", "viewBox=\"", "px", "<?xml", "?>",
                         "<!DOCTYPE", "<!--", "-->", "\xef\xbb\xbf", "xmlns=\"http://www.w3.org/2000/svg\"", "/>"])
dict_file("api_error.dict", json_words + ["error", "message", "detail", "type", "param", "code", "moderation_details",
                                           "moderation_stage", "categories", "inner_error", "innererror",
                                           "content_filter_results", "content_filter_result", "filtered",
                                           "revised_prompt", "moderation_blocked", "content_filter",
                                           "insufficient_quota", "<html>", "<title>", "</title>", "\xef\xbb\xbf"])
import re
src = (HERE / "src" / "words.rs").read_text()
param_words = re.findall(r'"([^"\\]*)"', src.split("MODEL_WORDS")[0])
model_words = re.findall(r'"([^"\\]*)"', src.split("MODEL_WORDS")[1])
dict_file("params.dict", json_words + [w for w in param_words if w])
dict_file("model.dict", json_words + [w for w in model_words if w] + ["shutdown_date", "object", "list"])
