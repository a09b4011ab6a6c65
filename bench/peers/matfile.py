"""Reads the bundled digits (.mat, MATLAB v5) into numpy: scipy.io.loadmat when scipy is installed,
else a small reader of our own for the only things these files hold (compressed double and uint8
matrices), so the peers also run on machines with numpy but no scipy (such as the GPU machine)."""
import struct
import zlib

import numpy as np

_TYPES = {9: np.float64, 2: np.uint8, 1: np.int8, 3: np.int16, 4: np.uint16, 5: np.int32, 6: np.uint32, 7: np.float32}


def load(path):
    try:
        import scipy.io
        return scipy.io.loadmat(path)
    except ImportError:
        return _load_v5(path)


def _load_v5(path):
    with open(path, "rb") as f:
        raw = f.read()
    endian = ">" if raw[126:128] == b"MI" else "<"
    out, pos = {}, 128
    while pos + 8 <= len(raw):
        dtype, size = struct.unpack(endian + "II", raw[pos:pos + 8])
        body = raw[pos + 8:pos + 8 + size]
        pos += 8 + size + ((8 - size % 8) % 8 if dtype != 15 else 0)
        if dtype == 15:  # miCOMPRESSED: a zlib stream holding one miMATRIX element
            body = zlib.decompress(body)
            dtype, size = struct.unpack(endian + "II", body[:8])
            body = body[8:8 + size]
        if dtype == 14:
            name, value = _matrix(body, endian)
            out[name] = value
    return out


def _elements(body, endian):
    pos = 0
    while pos < len(body):
        head = struct.unpack(endian + "I", body[pos:pos + 4])[0]
        if head >> 16:  # small data element: type and size packed in 4 bytes, data in the next 4
            dtype, size = head & 0xFFFF, head >> 16
            yield dtype, body[pos + 4:pos + 4 + size]
            pos += 8
        else:
            dtype, size = struct.unpack(endian + "II", body[pos:pos + 8])
            yield dtype, body[pos + 8:pos + 8 + size]
            pos += 8 + size + (8 - size % 8) % 8


def _matrix(body, endian):
    parts = list(_elements(body, endian))
    dims = np.frombuffer(parts[1][1], dtype=endian + "i4")
    name = parts[2][1].decode("ascii")
    dtype, data = parts[3]
    values = np.frombuffer(data, dtype=np.dtype(_TYPES[dtype]).newbyteorder(endian))
    return name, values.reshape(tuple(dims), order="F")
