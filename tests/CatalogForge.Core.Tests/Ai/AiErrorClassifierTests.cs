using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Tests.Ai;

public sealed class AiErrorClassifierTests
{
    [Theory]
    [InlineData(429, """{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded token rate limit"}}""", ErrorClass.RateLimited)]
    [InlineData(429, """{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}""", ErrorClass.QuotaExceeded)]
    [InlineData(400, """{"error":{"message":"The response was filtered","code":"content_filter","innererror":{"code":"ResponsibleAIPolicyViolation"}}}""", ErrorClass.ContentPolicy)]
    [InlineData(400, """{"error":{"message":"Invalid value for 'max_tokens'","code":"invalid_request_error"}}""", ErrorClass.BadRequest)]
    [InlineData(401, """{"error":{"code":"401","message":"Access denied due to invalid subscription key"}}""", ErrorClass.Auth)]
    [InlineData(404, """{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""", ErrorClass.NotFound)]
    [InlineData(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""", ErrorClass.ServerError)]
    [InlineData(503, """{"error":{"message":"The engine is currently overloaded"}}""", ErrorClass.ServerError)]
    public void Status_then_code_decides_the_class(int status, string body, ErrorClass expected) =>
        Assert.Equal(expected, AiErrorClassifier.Classify(status, body));

    [Fact]
    public void Transport_failures_are_network_or_timeout()
    {
        Assert.Equal(ErrorClass.Network, AiErrorClassifier.Classify(new HttpRequestException("refused", new System.Net.Sockets.SocketException(111))));
        Assert.Equal(ErrorClass.Timeout, AiErrorClassifier.Classify(new TimeoutException()));
        Assert.Equal(ErrorClass.Timeout, AiErrorClassifier.Classify(new TaskCanceledException("t", new TimeoutException())));
        Assert.Equal(ErrorClass.BudgetExceeded, AiErrorClassifier.Classify(new ClassifiedException(ErrorClass.BudgetExceeded, "over")));
        Assert.Equal(ErrorClass.Unknown, AiErrorClassifier.Classify(new InvalidOperationException()));
        Assert.Equal(ErrorClass.Timeout, AiErrorClassifier.Classify(new Polly.Timeout.TimeoutRejectedException()));
        Assert.Equal(ErrorClass.RateLimited, AiErrorClassifier.Classify(new Polly.RateLimiting.RateLimiterRejectedException()));
        Assert.Equal(ErrorClass.Network, AiErrorClassifier.Classify(new InvalidOperationException("wraps", new IOException("reset"))));
    }
}
