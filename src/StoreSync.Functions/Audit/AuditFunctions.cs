using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Audit;

/// <summary>The audit viewer. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Audit")]
public sealed class AuditFunctions
{
    [Function("Audit_List")]
    [EndpointSummary("The audit log, newest first (?brandId&entityType&entityId&actorId&action&from&to&page&pageSize; ?format=csv streams every match). Admins: all; brand managers: their brands")]
    [ProducesResponseType<Page<AuditEntry>>(200)]
    [Problems(400, 403, 404)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audit")] HttpRequest req) =>
        Api.Handle(AuditApi.List);
}
