namespace CatalogForge.Core.Jobs;

/// <summary>
/// A new or retried job would take the tenant over one of its caps (<see cref="JobCaps"/>); nothing was written. The API
/// answers 429 with <c>Retry-After</c>; queue ingestion makes the message visible again after <see cref="RetryAfter"/>.
/// </summary>
public sealed class TenantCapExceededException(string setting, long limit, long current, int requested, TimeSpan retryAfter)
    : Exception($"The tenant is at its cap {setting} = {limit} ({current} now, {requested} more asked).")
{
    /// <summary>The setting that caps it, e.g. <c>Jobs:MaxActiveJobsPerTenant</c>.</summary>
    public string Setting { get; } = setting;

    public long Limit { get; } = limit;

    public long Current { get; } = current;

    public int Requested { get; } = requested;

    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>For people: what is full, and what to do.</summary>
    public string Describe() => Setting == JobCaps.ActiveJobsSetting
        ? $"The tenant has {Current} unfinished (Pending or Running) jobs; {Setting} allows {Limit}. Nothing was written: submit again once one has finished."
        : $"The tenant's unfinished jobs hold {Current} items and this one adds {Requested}; {Setting} allows {Limit}. " +
          "Nothing was written: submit again once some have finished, or in smaller jobs.";
}
