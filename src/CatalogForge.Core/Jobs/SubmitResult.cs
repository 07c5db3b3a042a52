namespace CatalogForge.Core.Jobs;

/// <summary>Either the accepted job or the validation errors (field → messages) that kept anything from being written.</summary>
public sealed record SubmitResult(JobAccepted? Accepted, IDictionary<string, string[]>? Errors, bool Existing = false)
{
    public static SubmitResult Invalid(IDictionary<string, string[]> errors) => new(null, errors);
}
