package io.toolgate.search;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools' embedding vectors as one contiguous matrix, unit length, for cosine similarity against a query vector.
 * Tools that share a vector (the same tool served under several domains) share a row, computed once per query. A tool
 * whose vector is not known yet has no row and scores {@link Float#NaN}. Immutable.
 */
public final class SemanticIndex {

    private final int size;
    private final int dimensions;
    /** {@code row[tool]} is the tool's row in {@code matrix}, or -1. */
    private final int[] row;
    private final float[] matrix;
    private final int rows;
    private final int known;

    /**
     * {@code vectors.get(i)} is tool {@code i}'s vector, or {@code null} when it is not computed yet; tools given the
     * same array share a row.
     */
    public SemanticIndex(List<float[]> vectors) {
        this.size = vectors.size();
        this.row = new int[size];
        Map<float[], Integer> rowOf = new IdentityHashMap<>();
        int dims = 0;
        int count = 0;
        for (float[] v : vectors) {
            if (v != null) {
                dims = v.length;
                count++;
                rowOf.putIfAbsent(v, rowOf.size());
            }
        }
        this.dimensions = dims;
        this.known = count;
        this.rows = rowOf.size();
        this.matrix = new float[rows * dims];
        for (Map.Entry<float[], Integer> e : rowOf.entrySet()) {
            float[] v = e.getKey();
            if (v.length != dims) {
                continue;
            }
            float norm = norm(v);
            for (int k = 0; k < dims; k++) {
                matrix[e.getValue() * dims + k] = v[k] / norm;
            }
        }
        for (int i = 0; i < size; i++) {
            float[] v = vectors.get(i);
            row[i] = v == null || v.length != dims ? -1 : rowOf.get(v);
        }
    }

    /** How many tools have a vector. */
    public int known() {
        return known;
    }

    /** Cosine similarity of every tool to the query vector, {@link Float#NaN} where a tool has no vector. */
    public float[] score(float[] query) {
        float[] out = new float[size];
        if (query.length != dimensions) {
            Arrays.fill(out, Float.NaN);
            return out;
        }
        float norm = norm(query);
        float[] byRow = new float[rows];
        for (int r = 0; r < rows; r++) {
            byRow[r] = dot(r * dimensions, query) / norm;
        }
        for (int i = 0; i < size; i++) {
            out[i] = row[i] < 0 ? Float.NaN : byRow[row[i]];
        }
        return out;
    }

    /** Four independent sums, so the JIT can keep several multiply-adds in flight. */
    private float dot(int base, float[] q) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < dimensions; k += 4) {
            s0 += matrix[base + k] * q[k];
            s1 += matrix[base + k + 1] * q[k + 1];
            s2 += matrix[base + k + 2] * q[k + 2];
            s3 += matrix[base + k + 3] * q[k + 3];
        }
        for (; k < dimensions; k++) {
            s0 += matrix[base + k] * q[k];
        }
        return s0 + s1 + s2 + s3;
    }

    private static float norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return s == 0 ? 1 : (float) Math.sqrt(s);
    }
}
