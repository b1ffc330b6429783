from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<uuid:public_id>/", views.round_detail, name="round_detail"),
    path("rounds/<uuid:public_id>/add-supplier/", views.round_add_supplier, name="round_add_supplier"),
    path("rounds/<uuid:public_id>/close/", views.round_close, name="round_close"),
    path("rounds/<uuid:public_id>/texts/", views.round_texts_edit, name="round_texts_edit"),
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/<uuid:public_id>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("questionnaires/<uuid:public_id>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path("questionnaires/<uuid:public_id>/publish/", views.questionnaire_publish, name="questionnaire_publish"),
    path("questionnaires/<uuid:public_id>/share/", views.questionnaire_share, name="questionnaire_share"),
    path("questionnaires/<uuid:public_id>/questions/new/", views.question_create, name="question_create"),
    path("questions/<uuid:public_id>/edit/", views.question_edit, name="question_edit"),
    path("questions/<uuid:public_id>/move/", views.question_move, name="question_move"),
    path("questions/<uuid:public_id>/remove/", views.question_remove, name="question_remove"),
    path("assessments/<uuid:public_id>/", views.assessment_review, name="assessment_review"),
    path("assessments/<uuid:public_id>/answers/", views.answer_review, name="answer_review"),
    path("assessments/<uuid:public_id>/return/", views.assessment_return, name="assessment_return"),
    path("assessments/<uuid:public_id>/accept/", views.assessment_accept, name="assessment_accept"),
    path("assessments/<uuid:public_id>/note/", views.assessment_note, name="assessment_note"),
]
