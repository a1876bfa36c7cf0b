namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's Names and Role Provisioning Services 2.0: the memberships of the sample
/// course, with the <c>role</c> filter, <c>limit</c> paging and the <c>rlid</c> parameter of NRPS
/// 2.0.
/// </summary>
internal static class DevNrpsEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/courses/{contextId}/names_and_roles", ListMembers);
    }

    private static IResult ListMembers(string contextId, HttpContext httpContext, DevServiceContext services)
    {
        if (services.Authorize(httpContext, contextId, DevScopes.ContextMembershipReadOnly) is { } denied)
        {
            return denied;
        }

        var query = httpContext.Request.Query;
        var rlid = query["rlid"].ToString();
        if (rlid.Length > 0 && SandboxCourse.FindResourceLink(rlid) is null)
        {
            return Results.Problem($"rlid '{rlid}' is not a resource link of this course.", statusCode: StatusCodes.Status404NotFound);
        }

        // In NRPS 2.0, role takes a full URI or a short context role name such as Learner.
        var role = query["role"].ToString();
        var members = SandboxCourse.People
            .Where(person => role.Length == 0 || person.ContextRoles.Any(uri => uri == role || uri.EndsWith("#" + role, StringComparison.Ordinal)))
            .ToList();

        var url = services.Site.MembershipsUrl(contextId);
        var page = DevPaging.Apply(httpContext, url, members);
        var body = new
        {
            id = httpContext.Request.QueryString.HasValue ? url + httpContext.Request.QueryString : url,
            context = new { id = SandboxCourse.ContextId, label = SandboxCourse.Label, title = SandboxCourse.Title },
            members = page.Select(person => new
            {
                status = "Active",
                name = person.Name,
                given_name = person.GivenName,
                family_name = person.FamilyName,
                email = person.Email,
                user_id = person.Id,
                lis_person_sourcedid = "SIS-" + person.Id,
                roles = person.ContextRoles,
            }),
        };
        return Results.Json(body, contentType: DevMediaTypes.MembershipContainer);
    }
}
