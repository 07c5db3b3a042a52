namespace CatalogForge.AiEmulator.Faults;

/// <summary>The faults drawn for one request; each operation applies those that make sense for it.</summary>
/// <param name="ServerErrorStatus">500 or 503 when the request must fail, otherwise null.</param>
internal readonly record struct FaultPlan(int? ServerErrorStatus, bool Hang, bool Truncate, bool InvalidJson, bool CutStream = false)
{
    public static FaultPlan None => default;
}
