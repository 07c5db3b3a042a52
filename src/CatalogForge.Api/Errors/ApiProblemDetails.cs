namespace CatalogForge.Api.Errors;

/// <summary>
/// What every ProblemDetails body of the API gets, whichever host writes it (the Server, and the Functions app that
/// compiles this file in): the request path as <c>instance</c>, and a clear title for 413.
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
    }
}
