"""Staff accounts (admin, editor, teacher): sign-in, roles, the staff home, `flask staff`."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web.accounts import cli, models, views
    from web.extensions import login_manager

    login_manager.user_loader(models.load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    app.register_blueprint(views.bp)
    app.register_blueprint(views.staff_bp)
    app.register_blueprint(views.admin_bp)
    app.cli.add_command(cli.staff)
