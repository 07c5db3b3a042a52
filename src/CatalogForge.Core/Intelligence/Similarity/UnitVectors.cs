using System.Numerics.Tensors;

namespace CatalogForge.Core.Intelligence.Similarity;

/// <summary>
/// A tenant's vectors normalised once to unit length, row after row in one float32 array whose rows are padded with zeros
/// to a multiple of <see cref="RowAlignment"/> floats, so the dot-product kernel never needs a tail loop. A vector that is
/// all zeros or holds a NaN or infinity has no direction: it is kept as a zero row, flagged unusable, and takes no part
/// in similarity (it has no similar products and is nobody's similar product).
/// </summary>
public sealed class UnitVectors
{
    /// <summary>16 floats: one 512-bit register.</summary>
    public const int RowAlignment = 16;

    private readonly float[] _values;
    private readonly bool[] _usable;

    private UnitVectors(int count, int dimensions, int stride, float[] values, bool[] usable)
    {
        Count = count;
        Dimensions = dimensions;
        Stride = stride;
        _values = values;
        _usable = usable;
        UnusableCount = usable.Count(u => !u);
    }

    public int Count { get; }

    public int Dimensions { get; }

    /// <summary>Floats from one row's start to the next's (<see cref="Dimensions"/> rounded up to <see cref="RowAlignment"/>).</summary>
    public int Stride { get; }

    /// <summary>Vectors that are all zeros or not finite.</summary>
    public int UnusableCount { get; }

    internal float[] Values => _values;

    public bool IsUsable(int row) => _usable[row];

    public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * Stride, Dimensions);

    /// <summary>Copies and normalises <paramref name="vectors"/>; all must have <paramref name="dimensions"/> entries.</summary>
    public static UnitVectors Normalize(IReadOnlyList<ReadOnlyMemory<float>> vectors, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var stride = (dimensions + RowAlignment - 1) / RowAlignment * RowAlignment;
        var values = new float[checked(vectors.Count * stride)];
        var usable = new bool[vectors.Count];
        for (var i = 0; i < vectors.Count; i++)
        {
            var source = vectors[i].Span;
            if (source.Length != dimensions)
            {
                throw new ArgumentException($"Vector {i} has {source.Length} dimensions, not {dimensions}.", nameof(vectors));
            }

            var norm = TensorPrimitives.Norm(source);
            if (!float.IsFinite(norm) || norm == 0f)
            {
                continue;
            }

            usable[i] = true;
            TensorPrimitives.Divide(source, norm, values.AsSpan(i * stride, dimensions));
        }

        return new UnitVectors(vectors.Count, dimensions, stride, values, usable);
    }
}
