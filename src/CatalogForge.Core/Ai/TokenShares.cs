namespace CatalogForge.Core.Ai;

/// <summary>
/// Splits a request's token count over its inputs in proportion to each input's own count (largest remainder, so the
/// shares add up to the total exactly): the provider reports one total for a batched embeddings request.
/// </summary>
public static class TokenShares
{
    public static long[] Split(long total, IReadOnlyList<int> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentNullException.ThrowIfNull(weights);
        var shares = new long[weights.Count];
        if (weights.Count == 0)
        {
            return shares;
        }

        var sum = weights.Sum(weight => (long)Math.Max(0, weight));
        if (sum == 0)
        {
            // No input has a token of its own (all empty): an even split.
            sum = weights.Count;
            weights = [.. Enumerable.Repeat(1, weights.Count)];
        }

        var remainders = new (long Remainder, int Index)[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (Int128)total * Math.Max(0, weights[i]);
            shares[i] = (long)(exact / sum);
            remainders[i] = ((long)(exact % sum), i);
            given += shares[i];
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(total - given)))
        {
            shares[index]++;
        }

        return shares;
    }
}
