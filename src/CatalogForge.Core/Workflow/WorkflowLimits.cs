namespace CatalogForge.Core.Workflow;

/// <summary>Size limits the embedded engine enforces so code that runs here also runs under Durable Functions and in Azure Tables.</summary>
public static class WorkflowLimits
{
    /// <summary>
    /// Azure Tables caps a string property at 64 KiB of UTF-16, i.e. 32 K characters. Memoised activity results,
    /// workflow inputs and outputs are single string properties, so this is their cap.
    /// </summary>
    public const int MaxPayloadChars = 32 * 1024;

    /// <summary>Durable Functions caps custom status at 16 KB of UTF-16 JSON text: 8 K characters.</summary>
    public const int MaxCustomStatusChars = 8 * 1024;

    /// <summary>Error messages are stored for people, not parsed; longer ones are cut (the full exception is logged).</summary>
    public const int MaxErrorChars = 4 * 1024;

    public static string TruncateError(string message) =>
        message.Length <= MaxErrorChars ? message : string.Concat(message.AsSpan(0, MaxErrorChars - 1), "…");
}
