from django.urls import path

from casereview.letters import views

app_name = "letters"

urlpatterns = [
    path("letters/to-post", views.to_post, name="to_post"),
    path("letters/<int:letter_id>", views.preview, name="letter"),
    path("letters/<int:letter_id>/pdf", views.pdf, name="letter_pdf"),
    path("letters/<int:letter_id>/posted", views.mark_posted, name="letter_posted"),
]
