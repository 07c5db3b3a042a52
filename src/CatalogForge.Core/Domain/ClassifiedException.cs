namespace CatalogForge.Core.Domain;

/// <summary>An error that already knows its class; anything else is classified as <see cref="ErrorClass.Unknown"/> or by its type.</summary>
public class ClassifiedException(ErrorClass errorClass, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ErrorClass ErrorClass { get; } = errorClass;
}
