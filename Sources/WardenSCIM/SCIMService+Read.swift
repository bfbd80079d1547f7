import WardenPolicy

extension SCIMService {
    /// GET `/Users/{id}`: 200, 304 when `If-None-Match` names the current version, or 404.
    /// Inactive users are returned like any other (Q11).
    func read(_ type: SCIMResourceType, _ id: String, _ request: SCIMRequest) async throws -> SCIMResponse {
        let resource = try await existing(type, id, request)
        if let header = request.header("If-None-Match"), EntityTag.header(header, matches: resource.version) {
            return SCIMResponse(status: 304, headers: [("ETag", resource.version)])
        }
        return try await resourceResponse(resource, status: 200, selection: ListParameters.selection(request), request: request)
    }

    /// GET `/Users`, POST `/Users/.search` or `/.search` (every type: users first, then groups,
    /// paged as one sequence). A filter must make sense for at least one of the types; a type it
    /// does not fit (say `userName` for groups) contributes nothing.
    func list(_ types: [SCIMResourceType], _ parameters: ListParameters, _ request: SCIMRequest) async throws -> SCIMResponse {
        var filters: [(SCIMResourceType, SCIMFilter?)] = []
        var firstError: SCIMError?
        for type in types {
            guard let text = parameters.filter else {
                filters.append((type, nil))
                continue
            }
            do {
                filters.append((type, try SCIMFilter(text, for: type)))
            } catch {
                firstError = firstError ?? error
            }
        }
        if filters.isEmpty, let firstError { throw firstError }

        var total = 0
        var page: [SCIMResource] = []
        for (type, filter) in filters {
            // The matches of the types before this one come first in the combined sequence.
            let result = try await repository.list(SCIMListQuery(type: type, directoryId: request.directoryId, filter: filter,
                                                                  startIndex: max(1, parameters.startIndex - total),
                                                                  count: max(0, parameters.count - page.count)))
            page += result.resources
            total += result.totalResults
        }
        var resources: [JSONValue] = []
        for resource in page {
            let json = try await render(resource, selection: parameters.selection, request: request)
            resources.append(parameters.selection?.apply(json, type: resource.type) ?? json)
        }
        return SCIMResponse(status: 200, json: ListResponse(totalResults: total, startIndex: parameters.startIndex, resources: resources).json)
    }
}
