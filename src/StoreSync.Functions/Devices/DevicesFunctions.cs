using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Devices;

/// <summary>Devices of a location (tills, signage players, store tablets) and their keys for the store API.</summary>
[Tags("Devices")]
public sealed class DevicesFunctions
{
    [Function("Devices_Create")]
    [EndpointSummary("Register a device of the location; the answer carries its key, shown this once (admin or the brand's brand manager)")]
    [ProducesResponseType<CreatedDeviceResponse>(201)]
    [Problems(400, 403, 404)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands/{brandId:guid}/locations/{locationId:guid}/devices")] HttpRequest req) =>
        Api.Handle(DevicesApi.Create);

    [Function("Devices_List")]
    [EndpointSummary("The location's devices that are not revoked, with when each was last seen (never their keys)")]
    [ProducesResponseType<DeviceList>(200)]
    [Problems(403, 404)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId:guid}/locations/{locationId:guid}/devices")] HttpRequest req) =>
        Api.Handle(DevicesApi.List);

    [Function("Devices_Revoke")]
    [EndpointSummary("Revoke a device: its key is refused from the next request on")]
    [ProducesResponseType(204)]
    [Problems(403, 404)]
    public IResult Revoke([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/brands/{brandId:guid}/locations/{locationId:guid}/devices/{deviceId:guid}")] HttpRequest req) =>
        Api.Handle(DevicesApi.Revoke);
}
