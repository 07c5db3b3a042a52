using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai;

/// <summary>A model call that failed, classified, naming the deployment it was sent to.</summary>
public sealed class AiCallException(ErrorClass errorClass, string deployment, string message, Exception? inner = null, string? rawOutput = null)
    : ClassifiedException(errorClass, $"{deployment}: {message}", inner)
{
    public string Deployment { get; } = deployment;

    /// <summary>For <see cref="ErrorClass.InvalidOutput"/>: what the model actually wrote.</summary>
    public string? RawOutput { get; } = rawOutput;
}
