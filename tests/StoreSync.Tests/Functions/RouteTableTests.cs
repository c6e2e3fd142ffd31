using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Hosting;
using StoreSync.LocalHost;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Functions;

/// <summary>One route table: the functions' own trigger attributes, served by the development host exactly as declared.</summary>
public sealed class RouteTableTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public void TheDevelopmentHostMapsEveryHttpFunctionWithItsMethodsAndRoute()
    {
        _ = app.Server;
        // Routed endpoints have a request delegate; the API explorer's description of the catalog (also an EndpointDataSource) has none.
        var mapped = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.DisplayName is not null && e.RequestDelegate is not null)
            .ToLookup(e => e.DisplayName!);
        Assert.NotEmpty(FunctionCatalog.Instance.Http);
        foreach (var function in FunctionCatalog.Instance.Http)
        {
            // The host's routing data source is reachable twice through the container (once per registration): the same route.
            var endpoint = Assert.Single(mapped[function.Name].DistinctBy(e => (e.RoutePattern.RawText, e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0])));
            Assert.Equal(function.Path, endpoint.RoutePattern.RawText!.TrimStart('/'));
            Assert.Equal(function.Methods, endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods);
        }
    }

    [Fact]
    public void EveryHttpFunctionIsUnderApiAndNamedFeatureAction()
    {
        Assert.All(FunctionCatalog.Instance.Http, f =>
        {
            Assert.StartsWith("api/", f.Path);
            Assert.Matches("^[A-Z][A-Za-z]+_[A-Z][A-Za-z]+$", f.Name);
        });
        Assert.Contains(FunctionCatalog.Instance.Timers, t => t.Name == "Lifecycle_EmbeddingBackfill");
        Assert.Contains(FunctionCatalog.Instance.Blobs, b => b.Name == "LocationImport");
    }

    [Fact]
    public void TheRouteTableOfThisAppIsServable() => FunctionEndpoints.Check(FunctionCatalog.Instance);

    [Fact]
    public void ADuplicateRouteAnUnbindableParameterOrAFunctionWithoutAHandlerFailsStartUp()
    {
        // The [Function]s of this test assembly (below) are a deliberately broken route table.
        var broken = FunctionCatalog.Load(typeof(BrokenFunctions).Assembly);

        var e = Assert.Throws<InvalidOperationException>(() => FunctionEndpoints.Check(broken));

        Assert.Contains("GET api/broken/{} is the route of Broken_One and Broken_Two", e.Message);
        Assert.Contains("Broken_Three: parameter 'page'", e.Message);
        Assert.Contains("Broken_Four does not return Api.Handle", e.Message);
    }

    [Fact]
    public void AnHttpFunctionMethodBindsItsTriggerAndHandsTheRequestToItsHandler()
    {
        var request = new Mock<HttpRequest>();

        var result = new CampaignsFunctions().Approve(request.Object, client: null!); // no Durable client: nothing to deliver after it

        var handler = Assert.IsType<HandlerResult>(result);
        Assert.Equal(nameof(CampaignActions.Approve), handler.Handler.Method.Name);
        Assert.Equal(typeof(CampaignActions), handler.Handler.Method.DeclaringType);
        request.VerifyNoOtherCalls(); // binding happens when the result executes, inside the request pipeline
    }
}

/// <summary>Never served: the broken route table of <see cref="RouteTableTests"/>.</summary>
public sealed class BrokenFunctions
{
    [Function("Broken_One")]
    public IResult One([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "broken/{id:guid}")] HttpRequest req) => Api.Handle(Handlers.Nothing);

    [Function("Broken_Two")]
    public IResult Two([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "broken/{name}")] HttpRequest req) => Api.Handle(Handlers.Nothing);

    [Function("Broken_Three")]
    public IResult Three([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "broken/three")] HttpRequest req, int page) =>
        Api.Handle(Handlers.Nothing);

    [Function("Broken_Four")]
    public IResult Four([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "broken/four")] HttpRequest req) => Results.Ok();

    private static class Handlers
    {
        public static IResult Nothing() => Results.Ok();
    }
}
