using System.Net;
using System.Text.Json;
using CatalogForge.Core.Jobs;
using CatalogForge.Api.Errors;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogForge.Server.Tests.Errors;

public sealed class ApiExceptionHandlerTests(AzuriteFixture azurite)
{
    private const string Secret = "connection string s3cr3t=hunter2 in ThrowingJobService";

    [Fact]
    public async Task Unhandled_exception_is_a_500_problem_without_internals()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IJobService, ThrowingJobService>());
            services.AddSingleton<ILoggerProvider>(logs);
        });
        var (_, client) = await env.CreateTenantClientAsync("boom");

        using var list = await client.GetAsync("/api/jobs", ct);
        using var submit = await client.PostJobAsync(Payloads.Generate(1, "boom"), ct);

        foreach (var response in new[] { list, submit })
        {
            var problem = await Problem.ReadAsync(response, HttpStatusCode.InternalServerError, ct);
            Assert.Equal(ApiExceptionHandler.UnexpectedErrorTitle, problem.Title);
            Assert.False(string.IsNullOrWhiteSpace(problem.TraceId), problem.Raw);
            Assert.DoesNotContain("s3cr3t", problem.Raw, StringComparison.Ordinal);
            Assert.DoesNotContain(nameof(ThrowingJobService), problem.Raw, StringComparison.Ordinal);
            Assert.DoesNotContain(nameof(InvalidOperationException), problem.Raw, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", problem.Raw, StringComparison.Ordinal);
            Assert.False(problem.Body.TryGetProperty("exception", out _), problem.Raw);

            // Logged once, structured, with the exception and the traceId the client was given.
            var logged = Assert.Single(logs.Entries, entry =>
                entry.Category == typeof(ApiExceptionHandler).FullName && Equals(entry.State.GetValueOrDefault("TraceId"), problem.TraceId));
            Assert.Equal(LogLevel.Error, logged.Level);
            Assert.Equal(Secret, logged.Exception?.Message);
            Assert.Equal("{OriginalFormat}", logged.State.Keys.Last());
            Assert.Contains("{Method} {Path}", logged.State["{OriginalFormat}"] as string, StringComparison.Ordinal);
        }

        // A client that refuses JSON still gets a bare 500, never a developer page with the stack trace.
        using var html = new HttpRequestMessage(HttpMethod.Get, "/api/jobs") { Headers = { { "Accept", "text/html" } } };
        using var htmlResponse = await client.SendAsync(html, ct);
        var htmlBody = await htmlResponse.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.InternalServerError, htmlResponse.StatusCode);
        Assert.DoesNotContain("s3cr3t", htmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ThrowingJobService), htmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_aborted_by_the_client_gets_499_and_no_body()
    {
        var ct = TestContext.Current.CancellationToken;
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = NewContext();
        context.RequestAborted = aborted.Token;

        var handled = await Handler().TryHandleAsync(context, new OperationCanceledException(aborted.Token), ct);

        Assert.True(handled);
        Assert.Equal(ApiExceptionHandler.StatusClientClosedRequest, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
    }

    [Fact]
    public async Task Cancellation_the_client_did_not_ask_for_is_a_500()
    {
        var ct = TestContext.Current.CancellationToken;
        var context = NewContext();

        var handled = await Handler().TryHandleAsync(context, new OperationCanceledException("a timeout inside"), ct);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.DoesNotContain("timeout inside", ReadBody(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_syntax_error_while_reading_the_body_is_400_with_the_position_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var context = JobsContext();
        // The serializer wraps its reader's exception (itself a JsonException) when the body is not JSON.
        var reader = new JsonException("'x' is an invalid start of a value in CatalogForge.Secret.", null, 0, 12);

        var handled = await Handler().TryHandleAsync(context, new JsonException("CatalogForge.Secret", "$.items", 0, 12, reader), ct);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        var body = ReadBody(context);
        Assert.Contains(ApiExceptionHandler.InvalidJsonTitle, body, StringComparison.Ordinal);
        Assert.Contains("$.items", body, StringComparison.Ordinal);
        Assert.DoesNotContain("CatalogForge.Secret", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_value_of_the_wrong_type_is_400_naming_the_field_and_what_it_takes()
    {
        var ct = TestContext.Current.CancellationToken;
        var context = JobsContext();

        var handled = await Handler().TryHandleAsync(
            context, new JsonException("The JSON value could not be converted to System.Nullable`1[System.Boolean].", "$.options.images", 0, 30), ct);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        using var body = JsonDocument.Parse(ReadBody(context));
        Assert.Equal(ApiExceptionHandler.WrongJsonTypeTitle, body.RootElement.GetProperty("title").GetString());
        Assert.Equal("Must be true or false.", body.RootElement.GetProperty("errors").GetProperty("options.images")[0].GetString());
        Assert.DoesNotContain("System.", body.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    public static TheoryData<string, Exception> Unavailable => new()
    {
        { "no response", new Azure.RequestFailedException(0, "Connection refused (127.0.0.1:10002)") },
        { "503 server busy", new Azure.RequestFailedException(503, "The server is busy. RequestId:…") },
        { "504", new Azure.RequestFailedException(504, "Gateway timeout at https://acct.table.core.windows.net/") },
        { "SDK retries exhausted", new AggregateException(
            "Retry failed after 4 tries.",
            new Azure.RequestFailedException(0, "Connection refused (127.0.0.1:10002)", new HttpRequestException("refused")),
            new Azure.RequestFailedException(500, "Internal error at http://127.0.0.1:10002/"))
        },
        { "socket", new System.Net.Sockets.SocketException(111) },
        { "network timeout", new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:01:40 for https://acct.blob.core.windows.net/", new TimeoutException()) },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task Dependency_outage_is_503_with_Retry_After_and_no_exception_text(string @case, Exception exception)
    {
        var ct = TestContext.Current.CancellationToken;
        var context = NewContext();

        var handled = await Handler().TryHandleAsync(context, exception, ct);

        Assert.True(handled);
        Assert.True(context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable, @case);
        Assert.Equal(ApiExceptionHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        var body = ReadBody(context);
        Assert.Contains(ApiExceptionHandler.UnavailableType, body, StringComparison.Ordinal);
        foreach (var leak in new[] { "127.0.0.1", "http", "refused", "busy", "Retry failed", "Exception", "timeout of" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(409)]
    public async Task Storage_answers_that_are_not_an_outage_stay_500(int status)
    {
        var ct = TestContext.Current.CancellationToken;
        var context = NewContext();

        await Handler().TryHandleAsync(context, new Azure.RequestFailedException(status, "AuthorizationFailure at https://acct.table.core.windows.net/"), ct);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.DoesNotContain("core.windows.net", ReadBody(context), StringComparison.Ordinal);
    }

    private static ApiExceptionHandler Handler()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return new ApiExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);
    }

    /// <summary>A request to <c>POST /api/jobs</c>, whose endpoint binds a <see cref="SubmitJobRequest"/> body.</summary>
    private static DefaultHttpContext JobsContext()
    {
        var context = NewContext();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new AcceptsJson()), "POST /api/jobs"));
        return context;
    }

    private static DefaultHttpContext NewContext()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/api/jobs";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string ReadBody(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return new StreamReader(context.Response.Body).ReadToEnd();
    }

    private sealed class AcceptsJson : Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes { get; } = ["application/json"];

        public Type? RequestType => typeof(SubmitJobRequest);

        public bool IsOptional => false;
    }

    private sealed class ThrowingJobService : IJobService
    {
        private static Exception Boom() => new InvalidOperationException(Secret);

        public Task<SubmitResult> SubmitAsync(string tenantId, SubmitJobRequest request, CancellationToken cancellationToken) => throw Boom();

        public Task<JobView?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken) => throw Boom();

        public Task<JobListPage> ListAsync(string tenantId, JobListQuery query, CancellationToken cancellationToken) => throw Boom();

        public Task<Page<JobItemView>?> GetItemsAsync(string tenantId, string jobId, JobItemQuery query, CancellationToken cancellationToken) =>
            throw Boom();

        public Task<CancelOutcome> CancelAsync(string tenantId, string jobId, CancellationToken cancellationToken) => throw Boom();

        public Task<RetryResult> RetryFailedAsync(string tenantId, string jobId, CancellationToken cancellationToken) => throw Boom();
    }
}
