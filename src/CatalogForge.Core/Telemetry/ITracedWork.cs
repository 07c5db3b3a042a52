namespace CatalogForge.Core.Telemetry;

/// <summary>
/// An orchestration or activity input that says which job (and item or chunk) it belongs to, for span tags.
/// Implement it explicitly, so the scope is not serialised with the input.
/// </summary>
public interface ITracedWork
{
    TraceScope TraceScope { get; }
}

public sealed record TraceScope(string TenantId, string JobId, int? ItemIndex = null, int? ChunkStart = null, string? Deployment = null);
