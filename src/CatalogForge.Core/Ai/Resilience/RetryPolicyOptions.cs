using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>Section <c>Ai:Retry</c>: how many retries each kind of failure gets, and how long to wait between them.</summary>
public sealed class RetryPolicyOptions
{
    public const string Section = "Ai:Retry";

    /// <summary>Retries (not counting the first attempt) per error class; classes not listed get none.</summary>
    public Dictionary<ErrorClass, int> Attempts { get; set; } = DefaultAttempts();

    /// <summary>Backoff before retry n (0-based) is BaseDelay × 2^n, capped at <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Spread each backoff randomly over [50 %, 100 %] of its value. The server's Retry-After is never shortened.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Each attempt is cancelled after this long and counts as <see cref="ErrorClass.Timeout"/>.</summary>
    public TimeSpan PerAttemptTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How much dearer than the first choice a fallback deployment may be (its token + image prices as a multiple of the
    /// first's), e.g. 1.0 = never fall back to something more expensive. Unset: any deployment of the task may serve.
    /// </summary>
    public decimal? MaxFallbackCostMultiplier { get; set; }

    public static Dictionary<ErrorClass, int> DefaultAttempts() => new()
    {
        [ErrorClass.RateLimited] = 5,
        [ErrorClass.ServerError] = 3,
        [ErrorClass.Network] = 3,
        [ErrorClass.Timeout] = 3,
        [ErrorClass.Auth] = 0,
        [ErrorClass.BadRequest] = 0,
        [ErrorClass.NotFound] = 0,
        [ErrorClass.ContentPolicy] = 0,
        [ErrorClass.QuotaExceeded] = 0,
    };

    /// <summary>Retries allowed after a failure of this class.</summary>
    public int AttemptsFor(ErrorClass errorClass) =>
        Attempts.TryGetValue(errorClass, out var attempts) ? attempts : 0;

    /// <summary>Every problem with the settings, each naming its key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (errorClass, attempts) in Attempts)
        {
            if (attempts is < 0 or > 100)
            {
                errors.Add($"{Section}:Attempts:{errorClass} must be between 0 and 100 (was {attempts}).");
            }
        }

        if (BaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{Section}:BaseDelay must not be negative (was {BaseDelay}).");
        }

        if (MaxDelay < TimeSpan.Zero)
        {
            errors.Add($"{Section}:MaxDelay must not be negative (was {MaxDelay}).");
        }
        else if (MaxDelay < BaseDelay)
        {
            errors.Add($"{Section}:MaxDelay ({MaxDelay}) must not be less than BaseDelay ({BaseDelay}).");
        }

        if (MaxFallbackCostMultiplier is <= 0)
        {
            errors.Add($"{Section}:MaxFallbackCostMultiplier must be more than zero when set (was {MaxFallbackCostMultiplier}).");
        }

        if (PerAttemptTimeout <= TimeSpan.Zero || PerAttemptTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"{Section}:PerAttemptTimeout must be more than zero and at most one day (was {PerAttemptTimeout}).");
        }

        return errors;
    }

    /// <exception cref="ArgumentException">With every problem <see cref="Validate"/> found.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
