"""Lead routing: the brokerage's ordered rules decide which agent gets each lead, and say why.

models.py (rules, members, availability, offers), decide.py (the pure decision), services.py
(route, re-route, re-offer, claim: the writes), selectors.py (reads), apis.py (agents' offers and
availability). Other apps call leads.routing.services and leads.routing.selectors.
"""
