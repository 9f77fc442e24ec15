#!/usr/bin/env python3
"""Writes the hostile files of issue 18 (recursion and memory amplification) for PlayBench's Java checkpoint reader.

Pickles that Python itself cannot build (a list inside itself used as a set member or in a dict key) are written
opcode by opcode. Runs with a plain CPython (no torch, no numpy); nothing here is ever unpickled.

Usage: python3 make_hostile_graph_fixtures.py OUT_DIR
"""
import collections
import io
import os
import pickle
import struct
import sys
import types
import zipfile

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def short(s):
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


SELF_LIST = b"]\x94h\x00a"  # L = []; memo[0] = L; L.append(L)   (stack: L)

# --- recursion: hashing, printing and walking self-referential or very deep values -------------------------------
# a list that contains itself, as a set member (EMPTY_SET, MARK, ADDITEMS): hashing it recursed without end
write("set_member_self_list.pkl", b"\x80\x04" + SELF_LIST + b"0\x8f(h\x00\x90.")
# the same list inside a tuple used as a dict key
write("dict_key_self_list.pkl", b"\x80\x02" + SELF_LIST + b"0}h\x00\x85K\x01s.")
# a list <-> dict loop inside a tuple, as a frozenset member
write("frozenset_list_dict_loop.pkl",
      b"\x80\x04]\x94}\x94" + short("x") + b"h\x00sa0(h\x00\x85\x91.")
# a list <-> dict loop as a persistent id of a plain pickle: printed in the error message
write("persid_list_dict_loop.pkl", b"\x80\x04]\x94}\x94" + short("x") + b"h\x00saQ.")
# a tuple nested 300000 levels deep as a dict key: Java's recursive hashCode overflowed the stack
write("deep_tuple_key.pkl", b"\x80\x02})" + b"\x85" * 300_000 + b"K\x01s.")
# the same depth as a set member, and as a plain value inside a set (a leaf of the tree, printed by summaries)
write("deep_tuple_member.pkl", b"\x80\x04(" + b")" + b"\x85" * 300_000 + b"\x91.")
# an SB3 ':serialized:' space (a Gymnasium Box stand-in) whose state holds a set with a self-referential list
write("sb3_space_self_reference.pkl",
      b"\x80\x04" + short("gymnasium.spaces.box") + short("Box") + b"\x93)\x81}" + short("low")
      + b"\x8f(" + SELF_LIST + b"\x85\x90sb.")

# --- memory amplification ------------------------------------------------------------------------------------------
torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")
sys.modules["torch"] = torch
sys.modules["torch._utils"] = utils
torch._utils = utils
FloatStorage = type("FloatStorage", (), {})
FloatStorage.__module__ = "torch"
torch.FloatStorage = FloatStorage


def _rebuild_tensor_v2(*args):
    raise AssertionError("never called")


_rebuild_tensor_v2.__module__ = "torch._utils"
utils._rebuild_tensor_v2 = _rebuild_tensor_v2


class StorageRef:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class FakeTensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, tuple(size), tuple(stride), False, collections.OrderedDict())

    def __reduce__(self):
        return (_rebuild_tensor_v2, self.args)


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, StorageRef):
            return ("storage", FloatStorage, obj.key, "cpu", obj.numel)
        return None


def torch_pickle(obj):
    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(obj)
    return buf.getvalue()


def zip_bytes(records, compress=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compress) as z:
        for name, data in records:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = compress
            z.writestr(info, data)
    return bytearray(buf.getvalue())


# one float expanded with zero strides to 32768 x 32768 (2^30 elements, 4 GiB as float32) from a 4-byte storage
one = StorageRef("0", 1)
write("expanded.pt", bytes(zip_bytes([
    ("e/data.pkl", torch_pickle(collections.OrderedDict([("e", FakeTensor(one, 0, (32768, 32768), (0, 0))),
                                                         ("one", FakeTensor(one, 0, (1,), (1,)))]))),
    ("e/data/0", struct.pack("<f", 1.5))])))

# a deflated record whose headers declare 2,000,000,000 uncompressed bytes (it inflates to a few hundred): a reader
# that allocates the declared size up front needs 2 GB of heap before it inflates a byte
z = zip_bytes([("h/data.pkl", torch_pickle(collections.OrderedDict([("x", 1)]))), ("h/version", b"3\n")],
              compress=zipfile.ZIP_DEFLATED)
lho = z.index(b"PK\x03\x04")
struct.pack_into("<I", z, lho + 22, 2_000_000_000)
cd = z.index(b"PK\x01\x02")
struct.pack_into("<I", z, cd + 24, 2_000_000_000)
write("huge_declared.zip", bytes(z))
