using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// What an activity function returns to its orchestration: the result, or the classified failure. A failure travels
/// as data, not as an exception, because Durable keeps only an exception's type name and message — the
/// <see cref="ErrorClass"/> that decides how an item is recorded would be lost.
/// </summary>
public sealed record ActivityOutcome<T>(T? Result, ErrorClass? ErrorClass, string? ErrorMessage)
{
    public static ActivityOutcome<T> Success(T result) => new(result, null, null);

    public static ActivityOutcome<T> Failure(ErrorClass errorClass, string message) => new(default, errorClass, message);
}
