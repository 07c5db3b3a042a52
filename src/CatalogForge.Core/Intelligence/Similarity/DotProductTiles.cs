using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CatalogForge.Core.Intelligence.Similarity;

/// <summary>
/// One tile of the similarity matrix: the dot products of rows [a, a + rows) with rows [b, b + cols) of
/// <see cref="UnitVectors"/>. Four rows by four columns at a time in sixteen hardware-vector accumulators (512-bit
/// where the CPU has them, else 256-bit), so each loaded vector serves four fused multiply-adds; the rows are padded
/// to a whole number of vectors, and the edges of a tile that are not a multiple of four use
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// </summary>
internal static class DotProductTiles
{
    public static void Compute(UnitVectors vectors, int a, int rows, int b, int cols, Span<float> tile, int tileStride)
    {
        ref var values = ref MemoryMarshal.GetArrayDataReference(vectors.Values);
        var stride = vectors.Stride;
        var rows4 = rows & ~3;
        var cols4 = cols & ~3;
        for (var r = 0; r < rows4; r += 4)
        {
            for (var c = 0; c < cols4; c += 4)
            {
                var rowStart = (nuint)((a + r) * stride);
                var colStart = (nuint)((b + c) * stride);
                var target = tile.Slice(r * tileStride + c);
                if (Vector512.IsHardwareAccelerated)
                {
                    Block<Lanes512, Vector512<float>>(ref values, rowStart, colStart, (nuint)stride, target, tileStride);
                }
                else
                {
                    Block<Lanes256, Vector256<float>>(ref values, rowStart, colStart, (nuint)stride, target, tileStride);
                }
            }
        }

        for (var r = 0; r < rows; r++)
        {
            var from = r < rows4 ? cols4 : 0;
            for (var c = from; c < cols; c++)
            {
                tile[r * tileStride + c] = TensorPrimitives.Dot(vectors.Row(a + r), vectors.Row(b + c));
            }
        }
    }

    /// <summary>A 4 × 4 block of dot products over whole rows; <typeparamref name="TLanes"/> is a struct, so the JIT compiles one body per vector width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TLanes, TVector>(ref float m, nuint x, nuint y, nuint stride, Span<float> target, int tileStride)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector c00 = default, c01 = default, c02 = default, c03 = default;
        TVector c10 = default, c11 = default, c12 = default, c13 = default;
        TVector c20 = default, c21 = default, c22 = default, c23 = default;
        TVector c30 = default, c31 = default, c32 = default, c33 = default;
        for (nuint k = 0; k < stride; k += (nuint)TLanes.Count)
        {
            var x0 = TLanes.Load(ref m, x + k);
            var x1 = TLanes.Load(ref m, x + stride + k);
            var x2 = TLanes.Load(ref m, x + 2 * stride + k);
            var x3 = TLanes.Load(ref m, x + 3 * stride + k);
            var y0 = TLanes.Load(ref m, y + k);
            var y1 = TLanes.Load(ref m, y + stride + k);
            var y2 = TLanes.Load(ref m, y + 2 * stride + k);
            var y3 = TLanes.Load(ref m, y + 3 * stride + k);
            c00 = TLanes.MultiplyAdd(x0, y0, c00);
            c01 = TLanes.MultiplyAdd(x0, y1, c01);
            c02 = TLanes.MultiplyAdd(x0, y2, c02);
            c03 = TLanes.MultiplyAdd(x0, y3, c03);
            c10 = TLanes.MultiplyAdd(x1, y0, c10);
            c11 = TLanes.MultiplyAdd(x1, y1, c11);
            c12 = TLanes.MultiplyAdd(x1, y2, c12);
            c13 = TLanes.MultiplyAdd(x1, y3, c13);
            c20 = TLanes.MultiplyAdd(x2, y0, c20);
            c21 = TLanes.MultiplyAdd(x2, y1, c21);
            c22 = TLanes.MultiplyAdd(x2, y2, c22);
            c23 = TLanes.MultiplyAdd(x2, y3, c23);
            c30 = TLanes.MultiplyAdd(x3, y0, c30);
            c31 = TLanes.MultiplyAdd(x3, y1, c31);
            c32 = TLanes.MultiplyAdd(x3, y2, c32);
            c33 = TLanes.MultiplyAdd(x3, y3, c33);
        }

        Store(target, 0, TLanes.Sum(c00), TLanes.Sum(c01), TLanes.Sum(c02), TLanes.Sum(c03));
        Store(target, tileStride, TLanes.Sum(c10), TLanes.Sum(c11), TLanes.Sum(c12), TLanes.Sum(c13));
        Store(target, 2 * tileStride, TLanes.Sum(c20), TLanes.Sum(c21), TLanes.Sum(c22), TLanes.Sum(c23));
        Store(target, 3 * tileStride, TLanes.Sum(c30), TLanes.Sum(c31), TLanes.Sum(c32), TLanes.Sum(c33));
    }

    private static void Store(Span<float> target, int offset, float s0, float s1, float s2, float s3)
    {
        target[offset] = s0;
        target[offset + 1] = s1;
        target[offset + 2] = s2;
        target[offset + 3] = s3;
    }

    private interface ILanes<TVector>
    {
        static abstract int Count { get; }

        static abstract TVector Load(ref float source, nuint offset);

        static abstract TVector MultiplyAdd(TVector x, TVector y, TVector addend);

        static abstract float Sum(TVector vector);
    }

    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd(Vector512<float> x, Vector512<float> y, Vector512<float> addend) => Vector512.FusedMultiplyAdd(x, y, addend);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector512<float> vector) => Vector512.Sum(vector);
    }

    private readonly struct Lanes256 : ILanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) => Vector256.FusedMultiplyAdd(x, y, addend);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector256<float> vector) => Vector256.Sum(vector);
    }
}
