namespace CatalogForge.Core.Orchestration;

/// <summary>Size limits that keep orchestration payloads small on every Durable backend.</summary>
public static class WorkflowLimits
{
    /// <summary>Durable caps custom status at 16 KB of UTF-16 JSON text: 8 K characters.</summary>
    public const int MaxCustomStatusChars = 8 * 1024;

    /// <summary>Error messages are stored for people, not parsed; longer ones are cut (the full exception is logged).</summary>
    public const int MaxErrorChars = 4 * 1024;

    public static string TruncateError(string message) =>
        message.Length <= MaxErrorChars ? message : string.Concat(message.AsSpan(0, MaxErrorChars - 1), "…");
}
