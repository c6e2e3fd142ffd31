using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Hosting;
using StoreSync.Functions.Mail;
using StoreSync.Functions.Users;

namespace StoreSync.Functions.Auth;

/// <summary>Sign-in, tokens and the signed-in user. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Auth")]
public sealed class AuthFunctions
{
    [Function("Auth_SignIn")]
    [EndpointSummary("Sign in with username (or e-mail) and password")]
    [ProducesResponseType<TokenResponse>(200)]
    [Problems(400, 401, 429)]
    [AllowAnonymous]
    [EnableRateLimiting(AuthSetup.LoginRateLimit)]
    public IResult SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/token")] HttpRequest req) =>
        Api.Handle(AuthApi.SignIn);

    [Function("Auth_Refresh")]
    [EndpointSummary("Exchange a refresh token for new tokens (rotating; reuse revokes the session)")]
    [ProducesResponseType<TokenResponse>(200)]
    [Problems(400, 401)]
    [AllowAnonymous]
    public IResult Refresh([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/refresh")] HttpRequest req) =>
        Api.Handle(AuthApi.Refresh);

    [Function("Auth_Register")]
    [EndpointSummary("Create an account (a viewer with no brands until an admin adds some)")]
    [ProducesResponseType<UserResponse>(201)]
    [Problems(400, 409, 429)]
    [AllowAnonymous]
    [EnableRateLimiting(AuthSetup.LoginRateLimit)]
    public IResult Register([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/register")] HttpRequest req) =>
        Api.Handle(AuthApi.Register);

    [Function("Auth_Logout")]
    [EndpointSummary("End the session of a refresh token")]
    [ProducesResponseType(204)]
    [Problems(400)]
    public IResult Logout([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/logout")] HttpRequest req) =>
        Api.Handle(AuthApi.Logout);

    [Function("Auth_Me")]
    [EndpointSummary("The signed-in user, with their notification preferences and time zone")]
    [ProducesResponseType<MeResponse>(200)]
    public IResult Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/auth/me")] HttpRequest req) =>
        Api.Handle(AuthApi.Me);

    [Function("Auth_UpdateMe")]
    [EndpointSummary("Update your display name, e-mail, notification preferences or time zone")]
    [ProducesResponseType<MeResponse>(200)]
    [Problems(400, 409)]
    public IResult UpdateMe([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/auth/me")] HttpRequest req) =>
        Api.Handle(AuthApi.UpdateMe);

    [Function("Auth_ChangePassword")]
    [EndpointSummary("Change your password (ends your other sessions)")]
    [ProducesResponseType(204)]
    [Problems(400)]
    public IResult ChangePassword([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/change-password")] HttpRequest req) =>
        Api.Handle(AuthApi.ChangePassword);
}
