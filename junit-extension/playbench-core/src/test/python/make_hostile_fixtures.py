#!/usr/bin/env python3
"""Writes hostile, broken and synthetic torch-format files for PlayBench's Java checkpoint reader.

Runs with a plain CPython (no torch, no numpy): torch's globals are faked by module objects, so pickle writes the
same GLOBAL opcodes torch.save writes. Nothing here is ever unpickled in Python.

Usage: python3 make_hostile_fixtures.py OUT_DIR
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile
import zlib

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
expected = {}

# --- fake torch globals --------------------------------------------------------------------------------------------
torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")
sys.modules["torch"] = torch
sys.modules["torch._utils"] = utils
torch._utils = utils
for cls_name in ("FloatStorage", "DoubleStorage", "LongStorage"):
    c = type(cls_name, (), {})
    c.__module__ = "torch"
    setattr(torch, cls_name, c)


def _rebuild_tensor_v2(*args):
    raise AssertionError("never called")


_rebuild_tensor_v2.__module__ = "torch._utils"
utils._rebuild_tensor_v2 = _rebuild_tensor_v2


class StorageRef:
    def __init__(self, key, numel, cls=torch.FloatStorage):
        self.key, self.numel, self.cls = key, numel, cls


class FakeTensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, tuple(size), tuple(stride), False, collections.OrderedDict())

    def __reduce__(self):
        return (_rebuild_tensor_v2, self.args)


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, StorageRef):
            return ("storage", obj.cls, obj.key, "cpu", obj.numel)
        return None


def torch_pickle(obj, protocol=2):
    buf = io.BytesIO()
    TorchPickler(buf, protocol=protocol).dump(obj)
    return buf.getvalue()


class Unseekable(io.RawIOBase):
    """A write-only stream without seek/tell, so zipfile writes data descriptors (flag bit 3)."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)


def write_zip(name, records, unseekable=False, zip64=False, compress=zipfile.ZIP_STORED, prefix_bytes=b""):
    target = Unseekable() if unseekable else io.BytesIO()
    with zipfile.ZipFile(target, "w", compression=compress) as z:
        for rec_name, data in records:
            info = zipfile.ZipInfo(rec_name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = compress
            with z.open(info, "w", force_zip64=zip64) as f:
                f.write(data)
    data = bytes(target.buf if unseekable else target.getvalue())
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(prefix_bytes + data)
    return data


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


# --- synthetic but valid: ZIP64 + data descriptors + odd prefix ---------------------------------------------------
# zipfile switches to ZIP64 records above ZIP64_LIMIT; lowering it makes every size and offset of this small file
# go through the ZIP64 extra fields and the ZIP64 end record, as in a checkpoint larger than 4 GiB.
s0 = StorageRef("0", 6)
_limit = zipfile.ZIP64_LIMIT
zipfile.ZIP64_LIMIT = 16
obj = collections.OrderedDict(
    [("w", FakeTensor(s0, 0, (2, 3), (3, 1))), ("wt", FakeTensor(s0, 0, (3, 2), (1, 3))), ("tail", FakeTensor(s0, 4, (2,), (1,)))])
write_zip("zip64_descriptors.pt",
          [("my.odd-prefix 1/data.pkl", torch_pickle(obj)), ("my.odd-prefix 1/byteorder", b"little"),
           ("my.odd-prefix 1/data/0", f32(1, 2, 3, 4, 5, 6)), ("my.odd-prefix 1/version", b"3\n")],
          unseekable=True, zip64=True)
zipfile.ZIP64_LIMIT = _limit
expected["zip64_descriptors.pt"] = {"prefix": "my.odd-prefix 1", "w": [1, 2, 3, 4, 5, 6], "wt": [1, 4, 2, 5, 3, 6],
                                    "tail": [5, 6]}
# the same content in a big-endian file (byteorder record says big)
write_zip("big_endian.pt",
          [("be/data.pkl", torch_pickle(obj)), ("be/byteorder", b"big"),
           ("be/data/0", struct.pack(">6f", 1, 2, 3, 4, 5, 6)), ("be/version", b"3\n")])
# deflated records (not written by torch, but a valid zip): read through the bounded inflater
write_zip("deflated.pt", [("d/data.pkl", torch_pickle(obj)), ("d/data/0", f32(1, 2, 3, 4, 5, 6))],
          compress=zipfile.ZIP_DEFLATED)
# protocol 4/5 pickles (FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL) in the zip container
write_zip("protocol5_synthetic.pt", [("p5/data.pkl", torch_pickle(obj, protocol=5)), ("p5/data/0", f32(1, 2, 3, 4, 5, 6))])

# --- hostile globals ----------------------------------------------------------------------------------------------
OS_SYSTEM = b"\x80\x02cos\nsystem\nX\x0a\x00\x00\x00touch pwnd\x85R."
with open(os.path.join(OUT, "os_system.pkl"), "wb") as f:
    f.write(OS_SYSTEM)
# protocol 4: STACK_GLOBAL builtins.eval
EVAL = (b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94"
        b"\x8c\x10__import__('os')\x94\x85\x94R\x94.")
with open(os.path.join(OUT, "builtins_eval.pkl"), "wb") as f:
    f.write(EVAL)
write_zip("os_system.pt", [("evil/data.pkl", OS_SYSTEM), ("evil/version", b"3\n")])
# os.system hidden after a valid tensor, inside a state dict
hidden = torch_pickle(collections.OrderedDict([("w", FakeTensor(StorageRef("0", 6), 0, (6,), (1,)))]))
hidden = hidden[:-1].replace(b"u.", b"") if False else hidden
write_zip("eval_in_state_dict.pt", [("evil/data.pkl",
                                     b"\x80\x02}q\x00(X\x01\x00\x00\x00aK\x01X\x01\x00\x00\x00bc__builtin__\neval\n"
                                     b"X\x04\x00\x00\x001+1;\x85Ru."), ("evil/version", b"3\n")])
# NEWOBJ of subprocess.Popen
with open(os.path.join(OUT, "subprocess_popen.pkl"), "wb") as f:
    f.write(b"\x80\x02csubprocess\nPopen\n]X\x02\x00\x00\x00ls\x85\x85\x81.")

# --- broken containers --------------------------------------------------------------------------------------------
good = write_zip("good.pt", [("g/data.pkl", torch_pickle(obj)), ("g/data/0", f32(1, 2, 3, 4, 5, 6))])
with open(os.path.join(OUT, "truncated.pt"), "wb") as f:
    f.write(good[: len(good) // 2])
# tensor view larger than its storage (shape (2, 3) over a 4-element storage)
write_zip("view_beyond_storage.pt",
          [("v/data.pkl", torch_pickle({"w": FakeTensor(StorageRef("0", 4), 0, (2, 3), (3, 1))})), ("v/data/0", f32(1, 2, 3, 4))])
# storage declaring 10^12 elements whose record holds 24 bytes
write_zip("huge_storage.pt",
          [("h/data.pkl", torch_pickle({"w": FakeTensor(StorageRef("0", 10 ** 12), 0, (10 ** 6, 10 ** 6), (10 ** 6, 1))})),
           ("h/data/0", f32(1, 2, 3, 4, 5, 6))])
# shape whose element count overflows 64 bits
write_zip("overflow_shape.pt",
          [("o/data.pkl", torch_pickle({"w": FakeTensor(StorageRef("0", 6), 0, (2 ** 40, 2 ** 40), (1, 1))})),
           ("o/data/0", f32(1, 2, 3, 4, 5, 6))])
# entry name escaping the archive directory
write_zip("escape.pt", [("../../etc/data.pkl", torch_pickle(obj)), ("../../etc/data/0", f32(1, 2, 3, 4, 5, 6))])
# a zip bomb: 20 MB of zeros deflated to ~20 KB, and a lying variant that declares 100 bytes
bomb = write_zip("bomb.zip", [("b/data.pkl", b"\0" * (20 << 20))], compress=zipfile.ZIP_DEFLATED)
# central directory sizes patched to 100 bytes (local header too)
lying = bytearray(bomb)
cd = lying.rfind(b"PK\x01\x02")
struct.pack_into("<I", lying, cd + 24, 100)
struct.pack_into("<I", lying, 22, 100)
with open(os.path.join(OUT, "bomb_lying.zip"), "wb") as f:
    f.write(lying)
# a central directory claiming an entry far beyond the end of the file
wrong = bytearray(good)
cd = wrong.rfind(b"PK\x01\x02")  # last record: g/data/0
struct.pack_into("<I", wrong, cd + 20, 10 ** 9)
struct.pack_into("<I", wrong, cd + 24, 10 ** 9)
with open(os.path.join(OUT, "wrong_sizes.pt"), "wb") as f:
    f.write(wrong)
# deeply nested lists: 100,000 levels
with open(os.path.join(OUT, "deep.pkl"), "wb") as f:
    f.write(b"\x80\x02" + b"]" * 100_000 + b"a" * 99_999 + b".")
# a list that contains itself
with open(os.path.join(OUT, "cycle.pkl"), "wb") as f:
    f.write(b"\x80\x02]q\x00h\x00a.")
# exponential sharing: l1 = [l0, l0], l2 = [l1, l1], ... 64 levels (2^64 paths, 64 objects)
body = b"\x80\x02]"
for _ in range(64):
    body += b"\x32\x86"  # DUP, TUPLE2: (x, x)
with open(os.path.join(OUT, "exponential.pkl"), "wb") as f:
    f.write(body + b".")
# a string length far beyond the data
with open(os.path.join(OUT, "long_string.pkl"), "wb") as f:
    f.write(b"\x80\x02X\xff\xff\xff\x7fabc.")

# --- synthetic legacy files and _rebuild_tensor_v3 ------------------------------------------------------------------
class LegacyPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, StorageRef):
            return ("storage", obj.cls, obj.key, "cpu", obj.numel, None)
        if isinstance(obj, ModuleRef):
            return ("module", torch.FloatStorage, "model.py", "class Net(nn.Module): ...")
        return None


class ModuleRef:
    pass


def legacy(name, obj, storages, little=True):
    buf = io.BytesIO()
    for header in (0x1950a86a20f9469cfc6c, 1001,
                   {"protocol_version": 1001, "little_endian": little, "type_sizes": {"short": 2, "int": 4, "long": 8}}):
        pickle.dump(header, buf, protocol=2)
    LegacyPickler(buf, protocol=2).dump(obj)
    pickle.dump(sorted(storages), buf, protocol=2)
    for key in sorted(storages):
        fmt, values = storages[key]
        buf.write(struct.pack("<q", len(values)))
        buf.write(struct.pack(fmt % len(values), *values))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(buf.getvalue())


ls = StorageRef("140234", 6)
legacy("legacy_big_endian.pt", collections.OrderedDict([("w", FakeTensor(ls, 0, (2, 3), (3, 1))), ("wt", FakeTensor(ls, 0, (3, 2), (1, 3))),
                                                      ("tail", FakeTensor(ls, 4, (2,), (1,)))]),
       {"140234": (">%df", (1, 2, 3, 4, 5, 6))}, little=False)
legacy("legacy_module.pt", {"net": ModuleRef()}, {})
legacy("legacy_truncated_storage.pt", {"w": FakeTensor(StorageRef("7", 6), 0, (6,), (1,))}, {"7": ("<%df", (1, 2, 3))})
# (legacy_truncated_storage.pt: the storage header says 3 elements while the pickle declared 6)
# _rebuild_tensor_v3 over an UntypedStorage (byte count) with a torch dtype, as newer torch writes for new dtypes
untyped = type("UntypedStorage", (), {})
untyped.__module__ = "torch"
torch.UntypedStorage = untyped


class DtypeRef:
    def __init__(self, name):
        self.name = name

    def __reduce__(self):
        return self.name


DtypeRef.__module__ = "torch"
torch.float64 = DtypeRef("float64")
torch.uint16 = DtypeRef("uint16")


def _rebuild_tensor_v3(*args):
    raise AssertionError("never called")


_rebuild_tensor_v3.__module__ = "torch._utils"
utils._rebuild_tensor_v3 = _rebuild_tensor_v3


class FakeTensorV3:
    def __init__(self, storage, size, dtype):
        self.args = (storage, 0, tuple(size), (1,), False, collections.OrderedDict(), dtype)

    def __reduce__(self):
        return (_rebuild_tensor_v3, self.args)


write_zip("rebuild_v3.pt", [("v3/data.pkl", torch_pickle({"d": FakeTensorV3(StorageRef("0", 16, untyped), (2,), torch.float64)})),
                            ("v3/data/0", struct.pack("<2d", 0.5, -2.25))])
write_zip("rebuild_v3_uint16.pt", [("u/data.pkl", torch_pickle({"u": FakeTensorV3(StorageRef("0", 4, untyped), (2,), torch.uint16)})),
                                   ("u/data/0", struct.pack("<2H", 1, 65535))])

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print(sorted(os.listdir(OUT)))
