using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Embeddings;

/// <summary>
/// Deterministic text vectors by feature hashing: every lower-cased word and word pair is hashed to a
/// dimension and a sign, accumulated, then L2-normalised. Texts that share words share dimensions, so
/// their cosine similarity is higher than that of unrelated texts — enough for search and dedup tests.
/// </summary>
internal static class FeatureHashingEmbedder
{
    public const int DefaultDimensions = 1536;

    /// <summary>Pairs weigh less than single words: they sharpen, rather than dominate, the similarity.</summary>
    private const float BigramWeight = 0.5f;

    private const ulong BigramSalt = 0x5EED_B16A_0000_0001UL;

    public static float[] Embed(string text, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var vector = new float[dimensions];
        string? previous = null;
        foreach (var word in PromptVocabulary.Tokenize(text))
        {
            Accumulate(vector, StableHash.Of(word), 1f);
            if (previous is not null)
            {
                Accumulate(vector, StableHash.Of($"{previous} {word}", BigramSalt), BigramWeight);
            }

            previous = word;
        }

        if (previous is null)
        {
            // No words at all: still return a unit vector, the same one for every empty text.
            Accumulate(vector, StableHash.Of(string.Empty), 1f);
        }

        Normalize(vector);
        return vector;
    }

    private static void Accumulate(float[] vector, ulong hash, float weight)
    {
        var index = (int)(hash % (ulong)vector.Length);
        var sign = (hash >> 63) == 0 ? 1f : -1f;
        vector[index] += sign * weight;
    }

    private static void Normalize(float[] vector)
    {
        double sumOfSquares = 0;
        foreach (var value in vector)
        {
            sumOfSquares += value * value;
        }

        if (sumOfSquares == 0)
        {
            // Every feature cancelled out (possible with tiny dimensions): fall back to a fixed unit vector.
            vector[0] = 1f;
            return;
        }

        var scale = (float)(1 / Math.Sqrt(sumOfSquares));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}
