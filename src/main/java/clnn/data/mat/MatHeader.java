package clnn.data.mat;

import clnn.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The 128-byte header of a MATLAB v5/v7 MAT file: 116 bytes of text starting "MATLAB 5.0 MAT-file",
 * 8 bytes of subsystem offset, the version 0x0100 and the endian indicator "IM" (little-endian) or
 * "MI". Files that are not v5/v7 are named for what they are: v7.3 (HDF5), v4, or not MAT at all.
 */
final class MatHeader {
    static final int BYTES = 128;

    private MatHeader() {
    }

    /** Validates the header; returns the byte order of everything after it. */
    static ByteOrder read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) throw bad(file, "the file is empty; it should be a MATLAB v5/v7 MAT file (save -v7)");
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, BYTES));
        ch.read(buffer, 0);
        byte[] h = buffer.array();
        String text = new String(h, 0, Math.min(h.length, 116), StandardCharsets.ISO_8859_1);
        if (text.startsWith("MATLAB 7.3 MAT-file") || hdf5(ch, size)) {
            throw bad(file, "is a MATLAB v7.3 (HDF5) MAT file, which clnn does not read; re-save it with "
                    + "save(..., '-v7') in MATLAB/Octave or with scipy.io.savemat");
        }
        if (size < BYTES && (text.startsWith("MATLAB") || "MATLAB 5.0 MAT-file".startsWith(text.trim()))) {
            throw bad(file, "is " + size + " bytes, shorter than the 128-byte MAT header; it is truncated");
        }
        if (!text.startsWith("MATLAB 5.0 MAT-file")) {
            if (looksLikeV4(h)) {
                throw bad(file, "looks like a MATLAB v4 MAT file, which clnn does not read; re-save it with "
                        + "save(..., '-v7') or scipy.io.savemat");
            }
            throw bad(file, "not a MATLAB v5/v7 MAT file (it does not start with 'MATLAB 5.0 MAT-file'); save the data "
                    + "with save(..., '-v7') in MATLAB/Octave or scipy.io.savemat");
        }
        if (size < BYTES) throw bad(file, "is " + size + " bytes, shorter than the 128-byte MAT header; it is truncated");
        ByteOrder order;
        if (h[126] == 'I' && h[127] == 'M') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (h[126] == 'M' && h[127] == 'I') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw bad(file, "the header's endian indicator is damaged (bytes 126-127 are not 'IM' or 'MI'); the file "
                    + "is corrupt");
        }
        int version = ByteBuffer.wrap(h, 124, 2).order(order).getShort() & 0xFFFF;
        if (version != 0x0100) {
            throw bad(file, "the header's version is 0x" + Integer.toHexString(version) + ", not 0x0100 (MAT v5/v7); "
                    + "the file is corrupt or of an unknown version");
        }
        return order;
    }

    private static DataException bad(Path file, String what) {
        return new DataException(file + ": " + what);
    }

    /** v7.3 files are HDF5 files with a 512-byte user block: the HDF5 signature sits at byte 512. */
    private static boolean hdf5(FileChannel ch, long size) throws IOException {
        if (size < 520) return false;
        ByteBuffer sig = ByteBuffer.allocate(8);
        ch.read(sig, 512);
        byte[] s = sig.array();
        return s[0] == (byte) 0x89 && s[1] == 'H' && s[2] == 'D' && s[3] == 'F';
    }

    /** A v4 file starts with five int32s: type (MOPT digits), rows, cols, imaginary flag, name length. */
    private static boolean looksLikeV4(byte[] h) {
        if (h.length < 20) return false;
        for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer b = ByteBuffer.wrap(h).order(o);
            int type = b.getInt(0);
            int rows = b.getInt(4);
            int cols = b.getInt(8);
            int imag = b.getInt(12);
            int nameLength = b.getInt(16);
            if (type >= 0 && type <= 4052 && type % 10 <= 2 && rows >= 0 && cols >= 0 && (imag == 0 || imag == 1)
                    && nameLength > 0 && nameLength < 64) {
                return true;
            }
        }
        return false;
    }
}
