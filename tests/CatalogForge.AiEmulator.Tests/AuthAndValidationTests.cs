using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;

namespace CatalogForge.AiEmulator.Tests;

public sealed class AuthAndValidationTests
{
    private static readonly object ChatBody = new { model = "gpt", messages = new[] { new { role = "user", content = "hello" } } };

    [Fact]
    public async Task Require_api_key_rejects_anonymous_requests_with_azures_401()
    {
        await using var emulator = await Emulator.StartAsync(new EmulatorOptions { RequireApiKey = true });
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;

        using var anonymous = await http.PostAsJsonAsync("openai/deployments/gpt/chat/completions?api-version=2024-10-21", ChatBody, cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var body = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal("401", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.StartsWith("Access denied due to invalid subscription key or wrong API endpoint", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(401, Assert.Single(emulator.State.Requests).StatusCode);

        // The Azure SDK sends api-key, the OpenAI SDK a bearer token: both are accepted.
        var azure = await Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient().GetResponseAsync("hello", cancellationToken: cancellationToken);
        var openAi = await Emulator.OpenAiClient(emulator).GetChatClient("gpt").AsIChatClient().GetResponseAsync("hello", cancellationToken: cancellationToken);
        Assert.NotEmpty(azure.Text);
        Assert.NotEmpty(openAi.Text);
    }

    [Fact]
    public async Task Strict_deployments_answer_unknown_names_with_deployment_not_found()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings(), strict: true));
        var client = Emulator.AzureClient(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;

        var known = await client.GetChatClient("gpt").AsIChatClient().GetResponseAsync("hello", cancellationToken: cancellationToken);
        var error = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() =>
            client.GetChatClient("gpt-typo").AsIChatClient().GetResponseAsync("hello", cancellationToken: cancellationToken));

        Assert.NotEmpty(known.Text);
        Assert.Equal(404, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        Assert.Equal("DeploymentNotFound", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.StartsWith("The API deployment for this resource does not exist", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_deployment_name_works_by_default()
    {
        await using var emulator = await Emulator.StartAsync();

        var response = await Emulator.AzureClient(emulator).GetChatClient("anything-goes").AsIChatClient().GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(response.Text);
    }

    [Theory]
    [InlineData("v1/chat/completions", "{not json", "parse the JSON body")]
    [InlineData("v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("v1/chat/completions", """{"model":"gpt","messages":[]}""", "messages")]
    [InlineData("v1/chat/completions", """{"model":"gpt","messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":true}}""", "stream_options")]
    [InlineData("v1/chat/completions", """{"model":"gpt","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"yaml"}}""", "response_format")]
    [InlineData("v1/embeddings", """{"model":"emb"}""", "input")]
    [InlineData("v1/embeddings", """{"model":"emb","input":"x","dimensions":0}""", "dimensions")]
    [InlineData("v1/images/generations", """{"model":"img","prompt":"x","size":"huge"}""", "size")]
    [InlineData("v1/images/generations", """{"model":"img"}""", "prompt")]
    public async Task Invalid_bodies_get_400_invalid_request_error(string route, string body, string mentioned)
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(route, content, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(mentioned, error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, Assert.Single(emulator.State.Requests).StatusCode);
    }
}
