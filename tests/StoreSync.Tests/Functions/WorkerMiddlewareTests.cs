using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Hosting;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Functions;

public sealed class LoginLimitOfOneApp : StoreSyncApp
{
    public LoginLimitOfOneApp() => With("Auth:LoginPermitLimit", "1");
}

/// <summary>
/// The worker middleware, tested the way Microsoft advises for isolated functions where no Functions host can run: a mocked
/// <see cref="FunctionContext"/> carrying the request's HttpContext (as the ASP.NET Core integration puts it there), real
/// services (database, token validation) from the development host's container.
/// </summary>
public sealed class WorkerMiddlewareTests(LoginLimitOfOneApp app) : IClassFixture<LoginLimitOfOneApp>
{
    private (Mock<FunctionContext> Context, DefaultHttpContext Http) Invocation(string functionName, string? bearer = null, string? body = null)
    {
        var http = new DefaultHttpContext { RequestServices = app.Services.CreateScope().ServiceProvider };
        http.Request.Method = "POST";
        http.Response.Body = new MemoryStream();
        if (bearer is not null) http.Request.Headers.Authorization = "Bearer " + bearer;
        if (body is not null)
        {
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(functionName);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { ["HttpRequestContext"] = http });
        return (context, http);
    }

    private ApiMiddleware Middleware(IResult? result = null) =>
        new(app.Services.GetRequiredService<RequestPipeline>(), FunctionCatalog.Instance, _ => result);

    private static async Task<JsonElement> ProblemAsync(DefaultHttpContext http)
    {
        Assert.Equal("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        return await JsonSerializer.DeserializeAsync<JsonElement>(http.Response.Body);
    }

    [Fact]
    public async Task ASignedInFunctionWithoutATokenIs401AndTheFunctionDoesNotRun()
    {
        var (context, http) = Invocation("Campaigns_List");
        var ran = false;

        await Middleware().Invoke(context.Object, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(401, http.Response.StatusCode);
        Assert.Equal(401, (await ProblemAsync(http)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AGarbageTokenIs401()
    {
        var (context, http) = Invocation("Campaigns_List", bearer: "not-a-token");
        await Middleware().Invoke(context.Object, _ => Task.CompletedTask);
        Assert.Equal(401, http.Response.StatusCode);
    }

    [Fact]
    public async Task AnAnonymousFunctionRunsAndItsResultIsExecutedInsideThePipeline()
    {
        var (context, http) = Invocation("Health_Check");
        var ran = false;

        await Middleware(Results.Text("fine", statusCode: 202)).Invoke(context.Object, _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
        Assert.Equal(202, http.Response.StatusCode);
        Assert.Equal("nosniff", http.Response.Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task AnExceptionWhileTheResultExecutesBecomesTheMatchingProblem()
    {
        var (context, http) = Invocation("Health_Check");
        var failing = new Mock<IResult>();
        failing.Setup(r => r.ExecuteAsync(It.IsAny<HttpContext>())).ThrowsAsync(new ApiProblemException(409, "Conflict", "Someone else won."));

        await Middleware(failing.Object).Invoke(context.Object, _ => Task.CompletedTask);

        Assert.Equal(409, http.Response.StatusCode);
        Assert.Equal("Someone else won.", (await ProblemAsync(http)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MalformedJsonThrownByTheFunctionIsA400Problem()
    {
        var (context, http) = Invocation("Health_Check");
        await Middleware().Invoke(context.Object, _ => throw new JsonException("'}' is invalid after a value."));
        Assert.Equal(400, http.Response.StatusCode);
        Assert.Equal("Malformed JSON", (await ProblemAsync(http)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnUnexpectedExceptionIsA500ProblemWithoutItsDetails()
    {
        var (context, http) = Invocation("Health_Check");
        await Middleware().Invoke(context.Object, _ => throw new InvalidOperationException("secret internals"));
        Assert.Equal(500, http.Response.StatusCode);
        Assert.DoesNotContain("secret internals", (await ProblemAsync(http)).ToString());
    }

    [Fact]
    public async Task TheSignInRateLimitAnswers429WithRetryAfter()
    {
        var calls = 0;
        for (var i = 0; i < 2; i++)
        {
            var (context, http) = Invocation("Auth_SignIn", body: "{}");
            await Middleware().Invoke(context.Object, _ => { calls++; return Task.CompletedTask; });
            if (i == 1)
            {
                Assert.Equal((int)HttpStatusCode.TooManyRequests, http.Response.StatusCode);
                Assert.False(string.IsNullOrEmpty(http.Response.Headers.RetryAfter));
            }
        }
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AnUnknownCharsetIs415BeforeTheFunctionRuns()
    {
        var (context, http) = Invocation("Auth_Refresh", body: "{}");
        http.Request.ContentType = "application/json; charset=bogus";
        var ran = false;
        await Middleware().Invoke(context.Object, _ => { ran = true; return Task.CompletedTask; });
        Assert.False(ran);
        Assert.Equal(415, http.Response.StatusCode);
    }

    [Fact]
    public async Task OtherTriggersPassStraightThrough()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        var ran = false;
        await Middleware().Invoke(context.Object, _ => { ran = true; return Task.CompletedTask; });
        Assert.True(ran);
    }
}
