using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Pipeline;

/// <summary>
/// What a tenant reads about a failed item or job: one human sentence per <see cref="ErrorClass"/>, saying what happened
/// and what to do. Exception text (provider answers, storage errors, .NET messages, URLs) is never stored for the API;
/// the activity that failed logged it with the job, item and class, and raw model answers stay in their blobs.
/// Validation messages are the exception: Core writes them for callers (the field and the rule), so they are kept.
/// </summary>
public static class FailureMessages
{
    public static string ForItem(ErrorClass errorClass, string detail) => errorClass switch
    {
        ErrorClass.Validation when !string.IsNullOrWhiteSpace(detail) => detail,
        ErrorClass.Validation => "The item's input is not valid.",
        ErrorClass.Unknown => "An unexpected error stopped this item. It was logged; retry the job's failed items, and quote the job id if it persists.",
        _ => Common(errorClass),
    };

    public static string ForJob(ErrorClass errorClass, string detail) => errorClass switch
    {
        ErrorClass.Validation when !string.IsNullOrWhiteSpace(detail) => detail,
        ErrorClass.Unknown or ErrorClass.Validation => "An unexpected error stopped the job. It was logged; quote the job id when you report it.",
        _ => Common(errorClass),
    };

    private static string Common(ErrorClass errorClass) => errorClass switch
    {
        ErrorClass.RateLimited => "The AI provider kept answering 'too many requests', even after retries. Retry the job's failed items later.",
        ErrorClass.QuotaExceeded => "The AI provider's quota is used up. Retry the job's failed items once it resets.",
        ErrorClass.ServerError => "The AI provider failed to answer (server error), even after retries. Retry the job's failed items later.",
        ErrorClass.Timeout => "A model call or storage operation did not finish in time, even after retries. Retry the job's failed items later.",
        ErrorClass.Network => "The AI provider could not be reached. Retry the job's failed items later.",
        ErrorClass.Auth => "The AI provider refused the service's credentials. The operator has to fix the provider configuration.",
        ErrorClass.BadRequest => "The AI provider refused the request as invalid. Changing the item's input may help.",
        ErrorClass.NotFound => "A model deployment or stored resource this item needs was not found. The operator has to check the configuration.",
        ErrorClass.ContentPolicy => "The AI provider's content filter refused this item's input or output. Change the input and submit it again.",
        ErrorClass.InvalidOutput => "The model's answer did not fit the product schema, even after a repair round. Retry the job's failed items.",
        ErrorClass.BudgetExceeded => "The tenant's daily AI budget (Ai:Budgets) is spent. Retry the job's failed items after 00:00 UTC, or ask for a higher budget.",
        ErrorClass.CircuitOpen => "The AI provider is failing for many calls at once, so calls are paused for a short while. Retry the job's failed items later.",
        ErrorClass.Storage => "Storage did not answer while this was being saved. Retry the job's failed items later.",
        ErrorClass.Cancelled => "The work was cancelled before it finished.",
        _ => "The work failed. It was logged; quote the job id when you report it.",
    };
}
