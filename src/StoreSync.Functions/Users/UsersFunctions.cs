using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Users;

/// <summary>User administration: admins only. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Users")]
[AdminOnly("Only admins manage users.")]
public sealed class UsersFunctions
{
    [Function("Users_List")]
    [EndpointSummary("List users (?q&role&brandId&isActive&sort&page&pageSize)")]
    [ProducesResponseType<Page<UserResponse>>(200)]
    [Problems(403)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users")] HttpRequest req) =>
        Api.Handle(UsersApi.List);

    [Function("Users_Create")]
    [EndpointSummary("Create a user")]
    [ProducesResponseType<UserResponse>(201)]
    [Problems(400, 403, 409)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users")] HttpRequest req) =>
        Api.Handle(UsersApi.Create);

    [Function("Users_Get")]
    [EndpointSummary("Get a user")]
    [ProducesResponseType<UserResponse>(200)]
    [Problems(403, 404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{id:guid}")] HttpRequest req) =>
        Api.Handle(UsersApi.Get);

    [Function("Users_Update")]
    [EndpointSummary("Update role, memberships, activation or password")]
    [ProducesResponseType<UserResponse>(200)]
    [Problems(400, 403, 404, 409)]
    public IResult Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/users/{id:guid}")] HttpRequest req) =>
        Api.Handle(UsersApi.Update);

    [Function("Users_Delete")]
    [EndpointSummary("Delete a user")]
    [ProducesResponseType(204)]
    [Problems(403, 404, 409)]
    public IResult Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/{id:guid}")] HttpRequest req) =>
        Api.Handle(UsersApi.Delete);
}
