// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringView>

namespace minato::sim {

// Every "random" identifier of the world (uids, pod name suffixes, container ids, MACs) is a
// hash of the seed and a stable key, so the same scenario and seed always produce the same
// objects, however the server slices time.
class IdGenerator
{
public:
    explicit IdGenerator(quint64 seed);

    quint64 key(QStringView a, QStringView b = {}, QStringView c = {}, quint64 salt = 0) const;
    static quint64 mix(quint64 value);

    QString uid(quint64 key) const; // RFC 4122 version 4 layout
    QString suffix(quint64 key, int length) const; // the apiserver's generateName alphabet
    QString hex(quint64 key, int digits) const;
    QString mac(quint64 key) const;
    double unit(quint64 key) const; // uniform in [0, 1)
    int range(quint64 key, int low, int high) const; // uniform in [low, high]

private:
    quint64 m_seed;
};

} // namespace minato::sim
