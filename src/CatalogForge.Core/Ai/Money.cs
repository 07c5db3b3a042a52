namespace CatalogForge.Core.Ai;

/// <summary>Costs are decimals in code and whole micro-dollars in storage (Tables has no decimal type).</summary>
public static class Money
{
    public static long ToMicros(decimal usd) => (long)decimal.Round(usd * 1_000_000m, MidpointRounding.AwayFromZero);

    public static decimal FromMicros(long micros) => micros / 1_000_000m;

    public static decimal TokenCost(long inputTokens, long outputTokens, AiDeploymentOptions deployment) =>
        (inputTokens * deployment.InputPerMillion + outputTokens * deployment.OutputPerMillion) / 1_000_000m;
}
