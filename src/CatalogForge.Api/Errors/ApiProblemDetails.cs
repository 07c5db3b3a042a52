namespace CatalogForge.Api.Errors;

/// <summary>
/// What every ProblemDetails body of the API gets, whichever host writes it (the Server, and the Functions app that
/// compiles this file in): the request path as <c>instance</c>, and clear titles for 413 and 415.
/// </summary>
public static class ApiProblemDetails
{
    public static void Customize(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
        {
            context.ProblemDetails.Title = ApiExceptionHandler.BodyTooLargeTitle;
            context.ProblemDetails.Detail ??= "The request body exceeds this endpoint's limit (Api:MaxJobRequestBodySize).";
        }
        else if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            // The Server's minimal APIs answer 415 themselves (status code pages), the Functions app through the exception mapping.
            context.ProblemDetails.Title = ApiExceptionHandler.NotJsonContentTitle;
            context.ProblemDetails.Detail ??= ApiExceptionHandler.NotJsonContentDetail;
        }
    }
}
