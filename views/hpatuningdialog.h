// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "items/hpatuningdraft.h"

#include <QDialog>

class QComboBox;
class QCustomPlot;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Tuning one HPA: min/max, each metric's target, and (from autoscaling/v2beta2 on) each
// direction's stabilization window, policies and selectPolicy. Every edit replays the
// controller's rule over the last 24 h of recorded history (HpaTuningDraft) and draws what the
// HPA did, what its rule gives now, and what the tried settings would have given. Accepting hands
// the tuning on for the change set; nothing is sent to the cluster.
class HpaTuningDialog : public QDialog
{
    Q_OBJECT
public:
    explicit HpaTuningDialog(minato::items::HpaTuningDraft draft, QWidget* parent = nullptr);
    ~HpaTuningDialog() override;

    const minato::items::HpaTuningDraft& draft() const { return m_draft; }

    QSpinBox* minSpin() const { return m_min; }
    QSpinBox* maxSpin() const { return m_max; }
    QDoubleSpinBox* targetSpin(qsizetype metric) const { return m_targets.value(metric); }
    QSpinBox* windowSpin(bool up) const { return up ? m_upWindow : m_downWindow; }
    QLineEdit* policiesEdit(bool up) const { return up ? m_upPolicies : m_downPolicies; }
    QComboBox* selectCombo(bool up) const { return up ? m_upSelect : m_downSelect; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* changesLabel() const { return m_changes; }
    QCustomPlot* plot() const { return m_plot; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    QWidget* buildForm();
    QWidget* buildDirection(bool up);
    void edited();
    void draw();
    void summarize();

    minato::items::HpaTuningDraft m_draft;
    QSpinBox* m_min = nullptr;
    QSpinBox* m_max = nullptr;
    QList<QDoubleSpinBox*> m_targets;
    QSpinBox* m_upWindow = nullptr;
    QSpinBox* m_downWindow = nullptr;
    QComboBox* m_upSelect = nullptr;
    QComboBox* m_downSelect = nullptr;
    QLineEdit* m_upPolicies = nullptr;
    QLineEdit* m_downPolicies = nullptr;
    QCustomPlot* m_plot = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_changes = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_policiesValid = true;
};
