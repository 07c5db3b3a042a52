using Microsoft.AspNetCore.Mvc;

namespace CatalogForge.Functions.Http;

/// <summary>
/// Lets an HTTP trigger return the Server's typed results (<see cref="IResult"/>): the ASP.NET Core integration
/// executes an <see cref="IActionResult"/> a function returns, on the request's HttpContext, whose RequestServices are
/// the invocation's — so JSON options and ProblemDetails are the Server's.
/// </summary>
public sealed class ResultActionResult(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context) => Result.ExecuteAsync(context.HttpContext);
}
