namespace CatalogForge.AiEmulator.Text;

/// <summary>
/// SplitMix64: tiny, fast and, unlike <see cref="Random"/>, guaranteed to give the same sequence
/// for a seed on every .NET version. Not thread-safe.
/// </summary>
internal sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [minInclusive, maxInclusive].</summary>
    public long Next(long minInclusive, long maxInclusive)
    {
        if (maxInclusive <= minInclusive)
        {
            return minInclusive;
        }

        var range = (ulong)(maxInclusive - minInclusive) + 1;
        return range == 0 ? (long)NextUInt64() : minInclusive + (long)(NextUInt64() % range);
    }

    public int Next(int minInclusive, int maxInclusive) => (int)Next((long)minInclusive, maxInclusive);

    public bool NextBool() => (NextUInt64() & 1) == 1;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count - 1)];
}
