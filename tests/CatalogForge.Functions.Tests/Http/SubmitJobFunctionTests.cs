using System.Net;
using System.Text;
using System.Text.Json;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Tenancy;
using CatalogForge.Functions.Http;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Api.Errors;
using CatalogForge.Api.Tenancy;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace CatalogForge.Functions.Tests.Http;

/// <summary>The <c>SubmitJob</c> starter over the real JobService and Azurite, with a substitute Durable client.</summary>
public sealed class SubmitJobFunctionTests(AzuriteFixture azurite)
{
    private const string Body = """{"kind":"generate","items":[{"productType":"ebook","brief":"A practical guide to sourdough baking at home."}]}""";

    [Fact]
    public async Task Submit_schedules_the_job_workflow_under_the_job_id_and_answers_202_with_the_status_link()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-submit", ct);

        var (status, location, json) = await SubmitAsync(app, tenant.TenantId, Body);

        Assert.Equal(HttpStatusCode.Accepted, status);
        var jobId = json.GetProperty("jobId").GetString()!;
        Assert.Equal($"/api/jobs/{jobId}", json.GetProperty("statusUrl").GetString());
        Assert.Equal($"/api/jobs/{jobId}", location);
        await app.Client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == "ProductJobOrchestrator"),
            Arg.Is<object?>(input => input is JobRef && ((JobRef)input).JobId == jobId && ((JobRef)input).TenantId == tenant.TenantId),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == ProductIds.JobInstanceId(tenant.TenantId, jobId)),
            Arg.Any<CancellationToken>());
    }

    /// <summary>
    /// The substitute client reports no instance, so the job stays Pending: the repeat starts that job again (a start is
    /// idempotent by instance id), and never a second job.
    /// </summary>
    [Fact]
    public async Task A_repeated_idempotency_key_answers_200_with_the_same_job_and_starts_only_that_job()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-idempotent", ct);
        var body = Body.Replace("\"items\"", "\"idempotencyKey\":\"order-42\",\"items\"", StringComparison.Ordinal);

        var first = await SubmitAsync(app, tenant.TenantId, body);
        var second = await SubmitAsync(app, tenant.TenantId, body);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK), (first.Status, second.Status));
        var jobId = first.Json.GetProperty("jobId").GetString()!;
        Assert.Equal(jobId, second.Json.GetProperty("jobId").GetString());
        await app.Client.Received(2).ScheduleNewOrchestrationInstanceAsync(
            Arg.Any<TaskName>(),
            Arg.Any<object?>(),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == ProductIds.JobInstanceId(tenant.TenantId, jobId)),
            Arg.Any<CancellationToken>());
        await app.Client.ReceivedWithAnyArgs(2).ScheduleNewOrchestrationInstanceAsync(default, default, default, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_invalid_request_is_a_validation_problem_and_starts_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-invalid", ct);

        var (status, _, json) = await SubmitAsync(app, tenant.TenantId, """{"kind":"generate","items":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(json.TryGetProperty("errors", out _));
        await app.Client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_empty_body_gets_the_Servers_body_required_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-empty", ct);

        var (status, _, json) = await SubmitAsync(app, tenant.TenantId, string.Empty);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(Api.Errors.ApiExceptionHandler.MissingBodyTitle, json.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("""{"images":"yes"}""", "options.images", "true or false")]
    [InlineData("""{"priority":1}""", "options.priority", "\"high\", \"normal\" or \"low\"")]
    [InlineData("""{"priority":"1"}""", "options.priority", "\"high\", \"normal\" or \"low\"")]
    public async Task A_field_of_the_wrong_JSON_type_is_400_naming_the_field_and_starts_nothing(string options, string field, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-wrong-type", ct);
        var body = Body.Replace("]}", $"],\"options\":{options}}}", StringComparison.Ordinal);

        var (status, _, json) = await SubmitAsync(app, tenant.TenantId, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(Api.Errors.ApiExceptionHandler.WrongJsonTypeTitle, json.GetProperty("title").GetString());
        var message = Assert.Single(json.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("CatalogForge", json.GetRawText(), StringComparison.Ordinal);
        await app.Client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_body_that_is_not_declared_JSON_is_415_like_the_Servers_and_starts_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-text-plain", ct);

        var (status, _, json) = await SubmitAsync(app, tenant.TenantId, Body, contentType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(ApiExceptionHandler.NotJsonContentTitle, json.GetProperty("title").GetString());
        Assert.Equal(415, json.GetProperty("status").GetInt32());
        await app.Client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the function as the ASP.NET Core integration would: request in, returned IActionResult executed on the context.</summary>
    private static async Task<(HttpStatusCode Status, string? Location, JsonElement Json)> SubmitAsync(
        FunctionsServices app, string tenantId, string body, string contentType = "application/json")
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/jobs";
        http.Request.ContentType = contentType;
        http.Request.ContentLength = bytes.Length;
        http.Request.Body = new MemoryStream(bytes);
        var response = new MemoryStream();
        http.Response.Body = response;

        var functions = ActivatorUtilities.CreateInstance<JobsFunctions>(scope.ServiceProvider);
        try
        {
            var result = await functions.SubmitAsync(http.Request, app.Client);
            await ((ResultActionResult)result).Result.ExecuteAsync(http);
        }
        catch (Exception ex)
        {
            // What ApiExceptionMiddleware does with a failing HTTP trigger.
            await scope.ServiceProvider.GetRequiredService<ApiExceptionHandler>().TryHandleAsync(http, ex, http.RequestAborted);
        }

        using var document = JsonDocument.Parse(response.ToArray());
        return ((HttpStatusCode)http.Response.StatusCode, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            document.RootElement.Clone());
    }
}
