// SPDX-License-Identifier: Apache-2.0
#include "apirequest.h"

namespace minato::kube {

ApiRequest ApiRequest::get(const QString& endpoint, const QString& path, QList<QPair<QString, QString>> query)
{
    ApiRequest request;
    request.endpoint = endpoint;
    request.path = path;
    request.query = std::move(query);
    return request;
}

ApiRequest ApiRequest::watch(const QString& endpoint, const QString& path, QList<QPair<QString, QString>> query)
{
    ApiRequest request = get(endpoint, path, std::move(query));
    request.kind = RequestKind::Watch;
    return request;
}

QString ApiRequest::queryValue(const QString& key) const
{
    for (const auto& [k, v] : query) {
        if (k == key)
            return v;
    }
    return {};
}

} // namespace minato::kube
