namespace CatalogForge.Core.Jobs;

/// <summary>
/// Either the accepted job or the validation errors (field → messages) that kept anything from being written.
/// <see cref="Existing"/>: the idempotency key named a job submitted before with the same content. <see cref="Conflict"/>:
/// the key names a job submitted with other content; <see cref="Accepted"/> is that job, nothing was written.
/// </summary>
public sealed record SubmitResult(JobAccepted? Accepted, IDictionary<string, string[]>? Errors, bool Existing = false, bool Conflict = false)
{
    public static SubmitResult Invalid(IDictionary<string, string[]> errors) => new(null, errors);
}
