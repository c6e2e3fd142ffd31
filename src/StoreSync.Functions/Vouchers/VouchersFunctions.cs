using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Vouchers;

/// <summary>Single-use voucher codes of a campaign, redeemed through the store API.</summary>
[Tags("Vouchers")]
public sealed class VouchersFunctions
{
    [Function("Vouchers_Create")]
    [EndpointSummary("Generate unique single-use codes (count 1..100,000, prefix?, expiresAt?; admin or the brand's brand manager)")]
    [ProducesResponseType<VouchersCreated>(200)]
    [Problems(400, 403, 404)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/vouchers")] HttpRequest req) =>
        Api.Handle(VouchersApi.Create);

    [Function("Vouchers_List")]
    [EndpointSummary("The campaign's codes (?format=json|csv&status=unused|used&page&pageSize); CSV is every code, streamed")]
    [ProducesResponseType<Page<VoucherResponse>>(200)]
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [Problems(400, 404)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}/vouchers")] HttpRequest req) =>
        Api.Handle(VouchersApi.List);

    [Function("Vouchers_Qr")]
    [EndpointSummary("A voucher code as a QR code PNG (members of the campaign's brand)")]
    [ProducesResponseType(typeof(byte[]), 200, "image/png")]
    [Problems(404)]
    public IResult Qr([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/vouchers/{code}/qr.png")] HttpRequest req) =>
        Api.Handle(VouchersApi.Qr);
}
