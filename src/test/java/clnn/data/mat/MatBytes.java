package clnn.data.mat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * MAT v5 bytes built by hand, so tests can make what no library writes: any class, flag, storage
 * type, name or dimension, claims that lie, nesting, either byte order. Little-endian unless a
 * method takes an order.
 */
public final class MatBytes {
    public static final int DOUBLE = 6;
    public static final int UINT8 = 9;
    public static final int UINT64 = 15;
    public static final int INT64 = 14;
    public static final int CHAR = 4;
    public static final int SPARSE = 5;
    public static final int CELL = 1;
    public static final int STRUCT = 2;

    private MatBytes() {
    }

    public static byte[] header(ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(128).order(order);
        byte[] t = "MATLAB 5.0 MAT-file, written by a clnn test".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 116; i++) b.put(i < t.length ? t[i] : (byte) ' ');
        b.position(124);
        b.putShort((short) 0x0100);
        if (order == ByteOrder.LITTLE_ENDIAN) b.put((byte) 'I').put((byte) 'M');
        else b.put((byte) 'M').put((byte) 'I');
        return b.array();
    }

    public static byte[] header() {
        return header(ByteOrder.LITTLE_ENDIAN);
    }

    /** A whole miMATRIX element: flags, dims, name, then {@code rest} (data elements, or a cell's children). */
    public static byte[] matrix(ByteOrder order, int flags, int[] dims, byte[] name, byte[] rest) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(element(order, 6, ByteBuffer.allocate(8).order(order).putInt(flags).putInt(0).array()));
        ByteBuffer d = ByteBuffer.allocate(dims.length * 4).order(order);
        for (int x : dims) d.putInt(x);
        body.writeBytes(element(order, 5, d.array()));
        body.writeBytes(element(order, 1, name));
        body.writeBytes(rest);
        return element(order, 14, body.toByteArray());
    }

    public static byte[] matrix(int flags, int[] dims, String name, byte[] rest) {
        return matrix(ByteOrder.LITTLE_ENDIAN, flags, dims, name.getBytes(StandardCharsets.UTF_8), rest);
    }

    /** A numeric variable of class {@code cls} whose real part is stored as {@code storageType}. */
    public static byte[] numeric(int cls, int[] dims, String name, int storageType, byte[] values) {
        return matrix(cls, dims, name, element(ByteOrder.LITTLE_ENDIAN, storageType, values));
    }

    public static byte[] doubles(String name, int rows, double... colMajor) {
        ByteBuffer b = ByteBuffer.allocate(colMajor.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : colMajor) b.putDouble(v);
        return numeric(DOUBLE, new int[] {rows, colMajor.length / Math.max(1, rows)}, name, 9, b.array());
    }

    /** An element: 8-byte tag (type, byte count), the bytes, padding to 8. */
    public static byte[] element(ByteOrder order, int type, byte[] data) {
        int padded = (data.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(order);
        b.putInt(type).putInt(data.length).put(data);
        return b.array();
    }

    /** The same element inside an miCOMPRESSED one. */
    public static byte[] compressed(byte[] element) {
        Deflater d = new Deflater();
        d.setInput(element);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        ByteBuffer out = ByteBuffer.allocate(8 + z.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(15).putInt(z.size()).put(z.toByteArray());
        return out.array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A valid little file: X (rows x cols doubles, value r + c/100) and y (uint8, 1 + r % 3). */
    public static byte[] xy(int rows, int cols) {
        double[] x = new double[rows * cols];
        for (int c = 0; c < cols; c++) for (int r = 0; r < rows; r++) x[c * rows + r] = r + c / 100.0;
        byte[] y = new byte[rows];
        for (int r = 0; r < rows; r++) y[r] = (byte) (1 + r % 3);
        return concat(doubles("X", rows, x), numeric(UINT8, new int[] {rows, 1}, "y", 2, y));
    }

    /** A cell of 1 x 2^31-1, a char array of that size, a struct whose field-name table claims 2^31 names, 60000 nested cells. */
    public static byte[] monsters() {
        byte[] cells = matrix(CELL, new int[] {1, Integer.MAX_VALUE}, "cells", new byte[0]);
        byte[] text = matrix(CHAR, new int[] {1, Integer.MAX_VALUE}, "text",
                element(ByteOrder.LITTLE_ENDIAN, 4, new byte[16]));
        ByteBuffer fieldTable = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        fieldTable.putInt((4 << 16) | 5).putInt(32); // field-name length 32, small format
        fieldTable.putInt(1).putInt(Integer.MIN_VALUE); // names: miINT8 claiming 2^31 bytes
        byte[] fields = matrix(STRUCT, new int[] {1, 1}, "fields", fieldTable.array());
        return concat(cells, text, fields, nestedCells("nested", 60_000));
    }

    /** {@code depth} cells each holding the next, written outside-in in one pass. */
    public static byte[] nestedCells(String name, int depth) {
        int level = 8 + 16 + 16 + 8; // tag, flags, dims 1x1, empty name
        int named = 8 + (name.length() + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(level * depth + named).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < depth; i++) {
            int body = (depth - i) * level - 8 + (i == 0 ? named - 8 : 0);
            b.putInt(14).putInt(body);
            b.putInt(6).putInt(8).putInt(CELL).putInt(0);
            b.putInt(5).putInt(8).putInt(1).putInt(1);
            if (i == 0) {
                b.putInt(1).putInt(name.length()).put(name.getBytes());
                while (b.position() % 8 != 0) b.put((byte) 0);
            } else {
                b.putInt(1).putInt(0);
            }
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

}
