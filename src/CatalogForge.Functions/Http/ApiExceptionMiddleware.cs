using CatalogForge.Api.Errors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CatalogForge.Functions.Http;

/// <summary>
/// The Server's exception → ProblemDetails mapping (<see cref="ApiExceptionHandler"/>) for HTTP triggers; other
/// triggers (Durable, queue) keep the host's own failure handling (retries, poison queue).
/// </summary>
public sealed class ApiExceptionMiddleware(ApiExceptionHandler handler) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { Response.HasStarted: false } httpContext)
        {
            // The function's invocation may wrap the real exception; the mapping looks at what the code threw.
            var thrown = ex is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : ex;
            await handler.TryHandleAsync(httpContext, thrown, httpContext.RequestAborted);
        }
    }
}
