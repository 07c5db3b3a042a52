using Polly;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>What a call brings to its deployment's limiter (its token charge, whose it is and how urgent), carried in the Polly context.</summary>
public static class AiCallCharge
{
    /// <summary>Estimated prompt tokens plus the max output tokens, like Azure charges a request against TPM.</summary>
    public static readonly ResiliencePropertyKey<int> Tokens = new("CatalogForge.Ai.TokenCharge");

    /// <summary>The tenant and priority that place the call in the limiter's fair queue; calls without one wait as system work.</summary>
    public static readonly ResiliencePropertyKey<AdmissionKey> Admission = new("CatalogForge.Ai.Admission");

    /// <summary>The client-side limiter's lease of the attempt in flight, handed back to the limiter when the attempt gets a 429.</summary>
    public static readonly ResiliencePropertyKey<System.Threading.RateLimiting.RateLimitLease> Lease = new("CatalogForge.Ai.RateLimitLease");
}
