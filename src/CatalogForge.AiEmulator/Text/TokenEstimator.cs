namespace CatalogForge.AiEmulator.Text;

/// <summary>The usual "about four characters per token" estimate used for usage and rate-limit charges.</summary>
internal static class TokenEstimator
{
    public static int FromCharacters(long characters) => characters <= 0 ? 0 : (int)Math.Min(int.MaxValue, (characters + 3) / 4);

    public static int Estimate(string? text) => FromCharacters(text?.Length ?? 0);
}
